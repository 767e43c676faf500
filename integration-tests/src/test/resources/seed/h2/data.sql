INSERT INTO seed_vets VALUES (default, 'James', 'Carter');
INSERT INTO seed_vets VALUES (default, 'Helen', 'Leary');
INSERT INTO seed_vets VALUES (7, 'Linda', 'Douglas');
INSERT INTO seed_pets VALUES (default, 'Leo', 1), (NULL, 'Basil', 2);
