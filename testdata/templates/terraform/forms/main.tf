# Every way this reader follows a policy in Terraform source.
resource "aws_s3control_multi_region_access_point" "reports" {
  details {
    name = "reports"
    region {
      bucket = "reports-us-east-1"
    }
  }
}

resource "aws_s3control_multi_region_access_point" "archive" {
  details {
    name = "archive"
    region {
      bucket = "archive-us-east-1"
    }
  }
}

# A heredoc: the JSON's own positions, ${...} kept as expressions.
resource "aws_s3control_multi_region_access_point_policy" "heredoc" {
  details {
    name   = aws_s3control_multi_region_access_point.reports.details[0].name
    policy = <<-EOT
      {
        "Version": "2012-10-17",
        "Statement": [{
          "Effect": "Allow",
          "Principal": {"AWS": "${var.reader_arn}"},
          "Action": ["s3:GetObject", "s3:GetObjekt"],
          "Resource": "arn:aws:s3::111122223333:accesspoint/${aws_s3control_multi_region_access_point.archive.alias}/object/*"
        }]
      }
    EOT
  }
}

# Quoted JSON: positions through the escapes.
resource "aws_s3control_multi_region_access_point_policy" "quoted" {
  details {
    name   = "reports"
    policy = "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Principal\": \"*\", \"Action\": \"s3:GetObject\", \"Resource\": \"arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap/object/*\"}]}"
  }
}

# file(): the policy file is linted, and says which attribute read it.
resource "aws_s3control_multi_region_access_point_policy" "file" {
  details {
    name   = "reports"
    policy = file("${path.module}/policy.json")
  }
}

# templatefile(): literal variables are used.
resource "aws_s3control_multi_region_access_point_policy" "template" {
  details {
    name   = "reports"
    policy = templatefile("${path.module}/policy.json.tftpl", { account = "111122223333", reader = var.reader_arn })
  }
}

# A policy document data source (in policies.tf), under awscc, with the
# alias where the name belongs.
resource "awscc_s3_multi_region_access_point_policy" "document" {
  mrap_name = "mfzwi23gnjvgw.mrap"
  policy    = data.aws_iam_policy_document.reports.json
}

# A file outside the tree being linted is never read.
resource "aws_s3control_multi_region_access_point_policy" "outside" {
  details {
    name   = "reports"
    policy = file("../../../../../../etc/passwd")
  }
}
