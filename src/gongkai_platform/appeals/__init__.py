"""行政复议 and 行政诉讼 about disclosure decisions: the register and Table 四."""
