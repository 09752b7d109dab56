"""The partners' toolkit: widgets, badges, threads, referral credit and impact."""
