"""Operations on posts: edits that prove themselves, file operations, new posts, the form."""
