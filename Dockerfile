# The beanlint container image. GoReleaser builds it on a release
# (.goreleaser.yaml, dockers_v2) from the static linux binaries it has
# built: the build context holds each platform's binary under
# $TARGETPLATFORM/ (linux/amd64/beanlint, linux/arm64/beanlint). Nothing is
# compiled here.
#
#   docker run --rm -v "$PWD:/src" -w /src ghcr.io/beanlint/beanlint:vX.Y.Z .
FROM gcr.io/distroless/static-debian12:nonroot
ARG TARGETPLATFORM
COPY $TARGETPLATFORM/beanlint /usr/local/bin/beanlint
USER nonroot:nonroot
ENTRYPOINT ["/usr/local/bin/beanlint"]
