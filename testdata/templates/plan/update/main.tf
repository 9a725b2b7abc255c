resource "aws_s3control_multi_region_access_point_policy" "test" {
  details {
    name   = "tf-acc-test-mrap"
    policy = var.policy
  }
}
