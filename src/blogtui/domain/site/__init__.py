"""A site and its posts: the index, the query language, the CMS schema, media, checks."""
