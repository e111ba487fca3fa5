"""Notes out and back in: the markdown and Web Annotation formats, the import, where an export goes.

It reads notes through their types and `access.Notes`, never the store.
"""
