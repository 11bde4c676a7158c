"""Parsers: every input kind (text, HTML, DOCX, PDF) becomes a token stream that one reader turns into a Report.

`read_file(path)` and `read_bytes(data, name)` auto-detect the kind and never raise on bad input: a file that
cannot be fully read yields a Report with the cells it could read and a finding for each it could not.
"""
