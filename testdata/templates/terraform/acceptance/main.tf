resource "aws_s3_bucket" "test" {
  bucket        = "tf-acc-test-bucket"
  force_destroy = true
}

resource "aws_s3control_multi_region_access_point" "test" {
  details {
    name = "tf-acc-test-mrap"

    region {
      bucket = aws_s3_bucket.test.id
    }
  }
}

data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}

resource "aws_s3control_multi_region_access_point_policy" "test" {
  details {
    name = "tf-acc-test-mrap"
    policy = jsonencode({
      "Version" : "2012-10-17",
      "Statement" : [
        {
          "Sid" : "Test",
          "Effect" : "Allow",
          "Principal" : {
            "AWS" : data.aws_caller_identity.current.account_id
          },
          "Action" : "s3:PutObject",
          "Resource" : "arn:${data.aws_partition.current.partition}:s3::${data.aws_caller_identity.current.account_id}:accesspoint/${aws_s3control_multi_region_access_point.test.alias}/object/*"
        }
      ]
    })
  }
}
