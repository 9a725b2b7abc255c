package main

deny contains "the policy has no statements" if count(statements) == 0
