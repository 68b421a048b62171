"""hubdeploy: write the build context repo2docker would hand its container engine into a directory.

repo2docker detects the buildpack of an image directory (environment.yml, requirements.txt, apt.txt, postBuild,
install.R, ...), renders its Dockerfile and packs the Dockerfile, its build scripts and the directory's files
(under src/) into a tar for docker. Here the engine is replaced by one that unpacks that tar into --out, so a
daemonless builder (buildah, podman) builds exactly what repo2docker would have built. The last line on stdout is a
JSON summary after "HUBDEPLOY-RESULT ": {"buildpack": ..., "buildArgs": {...}, "context": ..., "repo2dockerVersion": ...}.
"""
import argparse
import json
import os
import sys
import tarfile

from repo2docker import __version__ as R2D_VERSION
from repo2docker.app import Repo2Docker


class ContextOnlyEngine:
    """Stands where repo2docker's container engine would: keeps the build context, builds nothing."""

    string_output = True

    def __init__(self, out):
        self.out = out
        self.build_args = None

    def build(self, fileobj=None, buildargs=None, **kwargs):
        os.makedirs(self.out, exist_ok=True)
        with tarfile.open(fileobj=fileobj) as tar:
            if hasattr(tarfile, "data_filter"):
                tar.extractall(self.out, filter="data")
            else:
                tar.extractall(self.out)
        self.build_args = dict(buildargs or {})
        return iter(["build context written to " + self.out])

    def inspect_image(self, image):
        return None


def picked_buildpack(r2d, repo):
    here = os.getcwd()
    os.chdir(repo)
    try:
        for bp_class in r2d.buildpacks:
            if bp_class(base_image=r2d.base_image).detect():
                return bp_class.__name__
        return r2d.default_buildpack.__name__ if r2d.default_buildpack else None
    finally:
        os.chdir(here)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", required=True)
    parser.add_argument("--user-id", type=int, default=1000)
    parser.add_argument("--user-name", default="jovyan")
    parser.add_argument("--target-repo-dir", default="/srv/repo")
    parser.add_argument("--base-image")
    parser.add_argument("repo")
    args = parser.parse_args()

    r2d = Repo2Docker()
    r2d.initialize([])
    r2d.repo = os.path.abspath(args.repo)
    r2d.user_id = args.user_id
    r2d.user_name = args.user_name
    r2d.target_repo_dir = args.target_repo_dir
    if args.base_image:
        r2d.base_image = args.base_image
    r2d.run = False
    r2d.push = False
    r2d.dry_run = False
    r2d.output_image_spec = "hubdeploy/repo2docker-context:latest"
    engine = ContextOnlyEngine(os.path.abspath(args.out))
    r2d.get_engine = lambda: engine
    buildpack = picked_buildpack(r2d, r2d.repo)
    r2d.build()
    if engine.build_args is None:
        print("repo2docker did not produce a build context", file=sys.stderr)
        return 1
    print()
    print("HUBDEPLOY-RESULT " + json.dumps({"buildpack": buildpack, "buildArgs": engine.build_args, "context": engine.out,
                      "repo2dockerVersion": R2D_VERSION}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
