-- Versioned agreements (src/model/agreement.rs names them) and who accepted
-- which version for an account. A new version is a new row here.
CREATE TABLE agreement_versions (
    agreement    TEXT NOT NULL,
    version      BIGINT NOT NULL,
    published_at BIGINT NOT NULL,
    text_en      TEXT NOT NULL,
    text_fr      TEXT NOT NULL,
    PRIMARY KEY (agreement, version)
);

CREATE TABLE agreement_acceptances (
    account_id  TEXT NOT NULL REFERENCES accounts (id),
    agreement   TEXT NOT NULL,
    version     BIGINT NOT NULL,
    accepted_by TEXT NOT NULL REFERENCES users (id),
    accepted_at BIGINT NOT NULL,
    PRIMARY KEY (account_id, agreement, version)
);

-- The current texts. The Publisher agreement has a second version (October
-- 2026): accounts that accepted version 1 must accept it again.
INSERT INTO agreement_versions (agreement, version, published_at, text_en, text_fr) VALUES
('mpn', 1, 1735689600,
 'The partner agrees to represent its company accurately, keep its legal business profile current, and follow the program guidelines and the code of conduct.',
 'Le partenaire s''engage à présenter son entreprise avec exactitude, à tenir à jour son profil légal et à respecter les règles du programme et le code de conduite.'),
('reseller', 1, 1735689600,
 'The reseller may sell cloud subscriptions to its customers, bills them directly, provides first-line support and keeps customer data confidential.',
 'Le revendeur peut vendre des abonnements cloud à ses clients, les facture directement, assure le support de premier niveau et garde les données clients confidentielles.'),
('publisher', 1, 1735689600,
 'The publisher may list offers in the commercial marketplace, is responsible for their content and support, and accepts the marketplace fee.',
 'L''éditeur peut publier des offres sur la place de marché commerciale, est responsable de leur contenu et de leur support, et accepte les frais de la place de marché.'),
('publisher', 2, 1790812800,
 'The publisher may list offers in the commercial marketplace, is responsible for their content, support and accessibility, accepts the marketplace fee, and reports security incidents within 72 hours.',
 'L''éditeur peut publier des offres sur la place de marché commerciale, est responsable de leur contenu, de leur support et de leur accessibilité, accepte les frais de la place de marché et signale tout incident de sécurité sous 72 heures.'),
('app-developer', 1, 1735689600,
 'The developer may publish add-ins and extensions, keeps them free of malware, respects user privacy and answers certification requests.',
 'Le développeur peut publier des compléments et des extensions, les garde exempts de logiciels malveillants, respecte la vie privée des utilisateurs et répond aux demandes de certification.');
