-- Monthly price lists (SPEC §7 "Pricing and offers"), imported by operators
-- from CSV files. Prices are exact: integer ten-thousandths of the currency
-- unit (12.3456 is 123456), never floating point. Months are 'YYYY-MM',
-- dates 'YYYY-MM-DD' (text compares in date order on both databases).
CREATE TABLE prices (
    month           TEXT NOT NULL,
    market          TEXT NOT NULL,
    offer_id        TEXT NOT NULL,
    offer_name      TEXT NOT NULL,
    currency        TEXT NOT NULL,
    unit            TEXT NOT NULL,
    list_price      BIGINT NOT NULL,
    effective_start TEXT NOT NULL,
    effective_end   TEXT NOT NULL,
    -- Against the month before: ADD, CHG, UNC, or DEL (listed last month,
    -- gone this month; the row keeps last month's price).
    marker          TEXT NOT NULL,
    PRIMARY KEY (month, market, offer_id)
);
-- A page of a month (optionally one market) in the list's order, read by
-- keyset after the last row shown; and the same within one currency.
CREATE INDEX prices_market_order_idx ON prices (month, market, offer_name, offer_id);
CREATE INDEX prices_currency_order_idx ON prices (month, currency, market, offer_name, offer_id);

-- What each imported month holds, per market: the filters' choices in one
-- small read.
CREATE TABLE price_list_markets (
    month    TEXT NOT NULL,
    market   TEXT NOT NULL,
    currency TEXT NOT NULL,
    rows     BIGINT NOT NULL,
    PRIMARY KEY (month, market)
);
