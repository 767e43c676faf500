INSERT INTO seed_vets VALUES (1, 'James', 'Carter') ON CONFLICT DO NOTHING;
INSERT INTO seed_vets VALUES (2, 'Helen', 'Leary') ON CONFLICT DO NOTHING;
INSERT INTO seed_vets VALUES (7, 'Linda', 'Douglas') ON CONFLICT DO NOTHING;
INSERT INTO seed_pets VALUES (default, 'Leo', 1), (NULL, 'Basil', 2);
