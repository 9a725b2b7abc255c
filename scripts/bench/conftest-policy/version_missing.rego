package main

deny contains "the policy has no Version; add \"Version\": \"2012-10-17\"" if not input.Version
