-- The directory's search text, written with every profile change since
-- 0010, has not been read since the word index (0032) replaced the LIKE
-- search over it: gone, with the work of keeping it.
ALTER TABLE business_profiles DROP COLUMN search_text;
