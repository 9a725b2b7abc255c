data "aws_iam_policy_document" "reports" {
  statement {
    sid = "ReadReports"
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::111122223333:role/report-reader"]
    }
    actions   = ["s3:GetObject", "s3:ListBucket"]
    resources = ["arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap/object/reports/*"]
  }

  statement {
    sid    = "Uploads"
    effect = "Allow"
    principals {
      type        = "*"
      identifiers = ["*"]
    }
    actions   = ["s3:PutObject"]
    resources = ["arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap/object/uploads/*"]
    condition {
      test     = "StringEquals"
      variable = "aws:PrincipalOrgID"
      values   = [var.org_id]
    }
  }
}
