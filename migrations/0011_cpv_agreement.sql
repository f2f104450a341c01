-- The Control Panel Vendor (CPV) agreement (SPEC §7): not tied to a program;
-- a Global admin accepts it on the Partner settings' Agreements page.
INSERT INTO agreement_versions (agreement, version, published_at, text_en, text_fr) VALUES
('cpv', 1, 1735689600,
 'The control panel vendor may register multi-tenant applications that act for its customers, keeps their credentials secret, follows the security requirements and tells the vendor of any breach within 72 hours.',
 'Le fournisseur de panneau de contrôle peut inscrire des applications mutualisées qui agissent pour ses clients, garde leurs identifiants secrets, respecte les exigences de sécurité et signale toute violation sous 72 heures.');
