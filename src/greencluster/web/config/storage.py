"""Static files: hashed, compressed names via WhiteNoise, tolerant of files not yet collected
(tests render pages without running collectstatic)."""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticStorage(CompressedManifestStaticFilesStorage):
    manifest_strict = False
