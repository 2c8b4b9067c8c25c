-- First start of the compose PostgreSQL: the roles of design decision 1.
-- releve_app: the group the API's login role belongs to; it owns no table and cannot
-- bypass row-level security. The migrations grant it table privileges.
-- releve_api: the API's login. Change the password outside local use.
CREATE ROLE releve_app NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
CREATE ROLE releve_api LOGIN PASSWORD 'releve_api' IN ROLE releve_app;
