INSERT INTO vets SELECT 1, 'James', 'Carter' WHERE NOT EXISTS (SELECT 1 FROM vets WHERE id = 1);
INSERT INTO vets SELECT 2, 'Helen', 'Leary' WHERE NOT EXISTS (SELECT 1 FROM vets WHERE id = 2);
INSERT INTO vets SELECT 3, 'Linda', 'Douglas' WHERE NOT EXISTS (SELECT 1 FROM vets WHERE id = 3);
INSERT INTO vets SELECT 4, 'Rafael', 'Ortega' WHERE NOT EXISTS (SELECT 1 FROM vets WHERE id = 4);
INSERT INTO vets SELECT 5, 'Henry', 'Stevens' WHERE NOT EXISTS (SELECT 1 FROM vets WHERE id = 5);
INSERT INTO vets SELECT 6, 'Sharon', 'Jenkins' WHERE NOT EXISTS (SELECT 1 FROM vets WHERE id = 6);

INSERT INTO specialties SELECT 1, 'radiology' WHERE NOT EXISTS (SELECT 1 FROM specialties WHERE id = 1);
INSERT INTO specialties SELECT 2, 'surgery' WHERE NOT EXISTS (SELECT 1 FROM specialties WHERE id = 2);
INSERT INTO specialties SELECT 3, 'dentistry' WHERE NOT EXISTS (SELECT 1 FROM specialties WHERE id = 3);

INSERT INTO vet_specialties VALUES (2, 1) ON CONFLICT DO NOTHING;
INSERT INTO vet_specialties VALUES (3, 2) ON CONFLICT DO NOTHING;
INSERT INTO vet_specialties VALUES (3, 3) ON CONFLICT DO NOTHING;
INSERT INTO vet_specialties VALUES (4, 2) ON CONFLICT DO NOTHING;
INSERT INTO vet_specialties VALUES (5, 1) ON CONFLICT DO NOTHING;

INSERT INTO types (name) SELECT 'cat' WHERE NOT EXISTS (SELECT * FROM types WHERE name = 'cat');
INSERT INTO types (name) SELECT 'dog' WHERE NOT EXISTS (SELECT * FROM types WHERE name = 'dog');
INSERT INTO types (name) SELECT 'lizard' WHERE NOT EXISTS (SELECT * FROM types WHERE name = 'lizard');
INSERT INTO types (name) SELECT 'snake' WHERE NOT EXISTS (SELECT * FROM types WHERE name = 'snake');
INSERT INTO types (name) SELECT 'bird' WHERE NOT EXISTS (SELECT * FROM types WHERE name = 'bird');
INSERT INTO types (name) SELECT 'hamster' WHERE NOT EXISTS (SELECT * FROM types WHERE name = 'hamster');

INSERT INTO owners VALUES (1, 'George', 'Franklin', '110 W. Liberty St.', 'Madison', '6085551023') ON CONFLICT DO NOTHING;
INSERT INTO owners VALUES (2, 'Betty', 'Davis', '638 Cardinal Ave.', 'Sun Prairie', '6085551749') ON CONFLICT DO NOTHING;
INSERT INTO owners VALUES (3, 'Eduardo', 'Rodriquez', '2693 Commerce St.', 'McFarland', '6085558763') ON CONFLICT DO NOTHING;
INSERT INTO owners VALUES (4, 'Harold', 'Davis', '563 Friendly St.', 'Windsor', '6085553198') ON CONFLICT DO NOTHING;
INSERT INTO owners VALUES (5, 'Peter', 'McTavish', '2387 S. Fair Way', 'Madison', '6085552765') ON CONFLICT DO NOTHING;
INSERT INTO owners VALUES (6, 'Jean', 'Coleman', '105 N. Lake St.', 'Monona', '6085552654') ON CONFLICT DO NOTHING;
INSERT INTO owners VALUES (7, 'Jeff', 'Black', '1450 Oak Blvd.', 'Monona', '6085555387') ON CONFLICT DO NOTHING;
INSERT INTO owners VALUES (8, 'Maria', 'Escobito', '345 Maple St.', 'Madison', '6085557683') ON CONFLICT DO NOTHING;
INSERT INTO owners VALUES (9, 'David', 'Schroeder', '2749 Blackhawk Trail', 'Madison', '6085559435') ON CONFLICT DO NOTHING;
INSERT INTO owners VALUES (10, 'Carlos', 'Estaban', '2335 Independence La.', 'Waunakee', '6085555487') ON CONFLICT DO NOTHING;

INSERT INTO pets VALUES (1, 'Leo', '2010-09-07', 1, 1) ON CONFLICT DO NOTHING;
INSERT INTO pets VALUES (2, 'Basil', '2012-08-06', 6, 2) ON CONFLICT DO NOTHING;
INSERT INTO pets VALUES (3, 'Rosy', '2011-04-17', 2, 3) ON CONFLICT DO NOTHING;
INSERT INTO pets VALUES (4, 'Jewel', '2010-03-07', 2, 3) ON CONFLICT DO NOTHING;
INSERT INTO pets VALUES (5, 'Iggy', '2010-11-30', 3, 4) ON CONFLICT DO NOTHING;
INSERT INTO pets VALUES (6, 'George', '2010-01-20', 4, 5) ON CONFLICT DO NOTHING;
INSERT INTO pets VALUES (7, 'Samantha', '2012-09-04', 1, 6) ON CONFLICT DO NOTHING;
INSERT INTO pets VALUES (8, 'Max', '2012-09-04', 1, 6) ON CONFLICT DO NOTHING;
INSERT INTO pets VALUES (9, 'Lucky', '2011-08-06', 5, 7) ON CONFLICT DO NOTHING;
INSERT INTO pets VALUES (10, 'Mulligan', '2007-02-24', 2, 8) ON CONFLICT DO NOTHING;
INSERT INTO pets VALUES (11, 'Freddy', '2010-03-09', 5, 9) ON CONFLICT DO NOTHING;
INSERT INTO pets VALUES (12, 'Lucky', '2010-06-24', 2, 10) ON CONFLICT DO NOTHING;
INSERT INTO pets VALUES (13, 'Sly', '2012-06-08', 1, 10) ON CONFLICT DO NOTHING;

INSERT INTO visits VALUES (1, 7, '2013-01-01', 'rabies shot') ON CONFLICT DO NOTHING;
INSERT INTO visits VALUES (2, 8, '2013-01-02', 'rabies shot') ON CONFLICT DO NOTHING;
INSERT INTO visits VALUES (3, 8, '2013-01-03', 'neutered') ON CONFLICT DO NOTHING;
INSERT INTO visits VALUES (4, 7, '2013-01-04', 'spayed') ON CONFLICT DO NOTHING;

-- The database's own sequences past the explicit ids, for the application's inserts.
SELECT setval(pg_get_serial_sequence('vets', 'id'), (SELECT MAX(id) FROM vets));
SELECT setval(pg_get_serial_sequence('specialties', 'id'), (SELECT MAX(id) FROM specialties));
SELECT setval(pg_get_serial_sequence('owners', 'id'), (SELECT MAX(id) FROM owners));
SELECT setval(pg_get_serial_sequence('pets', 'id'), (SELECT MAX(id) FROM pets));
SELECT setval(pg_get_serial_sequence('visits', 'id'), (SELECT MAX(id) FROM visits));
