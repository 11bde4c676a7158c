"""依申请公开: intake, the statutory clock, outcomes, letters and fees."""
