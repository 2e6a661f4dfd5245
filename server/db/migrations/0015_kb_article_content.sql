-- What an article body becomes, stored when it is saved (server/kb/markdown.ts: articleContent) so that public reads
-- and searches never parse Markdown: the node tree as JSON and its plain text (search snippets). Articles saved before
-- this migration are filled by the migrate step in code (server/kb/fill-content.ts), which runs right after the SQL
-- files at Node start-up and in `cli migrate`; a row still without them is shown as plain text, never parsed.
ALTER TABLE kb_articles ADD COLUMN body_nodes TEXT;
ALTER TABLE kb_articles ADD COLUMN body_text TEXT;
