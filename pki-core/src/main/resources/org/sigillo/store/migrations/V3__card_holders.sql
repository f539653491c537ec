-- The holder of a smart-card certificate, as its subject will read (given name, surname,
-- optional e-mail for the rfc822Name); empty for workstation and server certificates.
ALTER TABLE certificate ADD COLUMN holder_given_name VARCHAR(64);
ALTER TABLE certificate ADD COLUMN holder_surname VARCHAR(64);
ALTER TABLE certificate ADD COLUMN holder_email VARCHAR(254);
