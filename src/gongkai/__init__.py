"""gongkai (公开): the annual-report standard for 政府信息公开 as a pure-Python library.

This package has no Django import; the web platform in `gongkai_platform` builds on it.
"""

__version__ = "0.1.0"
