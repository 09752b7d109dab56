# moto's S3 server and fresh buckets, shared with the private-media S3 tests.
from tests.security.test_private_media_s3 import buckets, s3_endpoint  # noqa: F401
