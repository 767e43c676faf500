INSERT IGNORE INTO seed_vets VALUES (1, 'James', 'Carter');
INSERT IGNORE INTO seed_vets VALUES (2, 'Helen', 'Leary');
INSERT IGNORE INTO seed_vets VALUES (7, 'Linda', 'Douglas');
INSERT INTO seed_pets VALUES (default, 'Leo', 1), (NULL, 'Basil', 2);
