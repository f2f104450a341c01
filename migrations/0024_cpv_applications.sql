-- Multi-tenant applications a Control Panel Vendor account registered
-- (after accepting the CPV agreement). An application is registered once
-- per account.
CREATE TABLE cpv_applications (
    id             TEXT PRIMARY KEY,
    account_id     TEXT NOT NULL REFERENCES accounts (id),
    name           TEXT NOT NULL,
    application_id TEXT NOT NULL,
    reply_url      TEXT NOT NULL,
    registered_by  TEXT NOT NULL REFERENCES users (id),
    registered_at  BIGINT NOT NULL
);
CREATE UNIQUE INDEX cpv_applications_app_key ON cpv_applications (account_id, application_id);
