package dev.mcpgate.core.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.mcpgate.api.AuthKind;
import dev.mcpgate.api.CallerContext;
import dev.mcpgate.api.CredentialBinding;
import dev.mcpgate.api.CredentialResolution;
import dev.mcpgate.api.CredentialStatus;
import dev.mcpgate.api.Secret;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MountedFileSecretsTest {

  @TempDir Path temp;
  private Path root;
  private MountedFileSecrets files;

  @BeforeEach
  void mount() throws IOException {
    root = Files.createDirectory(temp.resolve("secrets"));
    files = MountedFileSecrets.under(root);
  }

  private CredentialResolution resolve(String ref) {
    return files.resolve(
        CredentialBinding.of("stripe", AuthKind.BEARER, ref), CallerContext.anonymous());
  }

  private Secret secret(String ref) {
    CredentialResolution resolution = resolve(ref);
    assertThat(resolution).isInstanceOf(CredentialResolution.Resolved.class);
    return ((CredentialResolution.Resolved) resolution).secret();
  }

  private String reason(String ref, CredentialStatus status) {
    CredentialResolution resolution = resolve(ref);
    assertThat(resolution.status()).isEqualTo(status);
    return ((CredentialResolution.Unavailable) resolution).reason();
  }

  @Test
  void aFileIsTheSecretWithOneTrailingNewlineRemoved() throws IOException {
    Files.writeString(root.resolve("stripe_key"), "sk_live_1\n");
    Files.writeString(root.resolve("crlf"), "v\r\n");
    Files.writeString(root.resolve("two"), "v\n\n");
    Files.writeString(root.resolve("spaces"), " v ");

    assertThat(secret("file:stripe_key").reveal()).isEqualTo("sk_live_1");
    assertThat(secret("file:crlf").reveal()).isEqualTo("v");
    assertThat(secret("file:two").reveal()).isEqualTo("v\n");
    assertThat(secret("file:spaces").reveal()).isEqualTo(" v ");
  }

  @Test
  void filesInSubdirectoriesResolve() throws IOException {
    Files.createDirectories(root.resolve("payments"));
    Files.writeString(root.resolve("payments/key"), "k");
    assertThat(secret("file:payments/key").reveal()).isEqualTo("k");
  }

  @Test
  void aChangedFileIsReadAgain() throws IOException {
    Path file = root.resolve("rotating");
    Files.writeString(file, "old");
    assertThat(secret("file:rotating").reveal()).isEqualTo("old");
    Files.writeString(file, "new");
    assertThat(secret("file:rotating").reveal()).isEqualTo("new");
  }

  @Test
  void aKubernetesStyleAtomicSwapIsSeen() throws IOException {
    Files.createDirectory(root.resolve("..v1"));
    Files.writeString(root.resolve("..v1/token"), "one");
    Files.createSymbolicLink(root.resolve("..data"), Path.of("..v1"));
    Files.createSymbolicLink(root.resolve("token"), Path.of("..data/token"));
    assertThat(secret("file:token").reveal()).isEqualTo("one");

    Files.createDirectory(root.resolve("..v2"));
    Files.writeString(root.resolve("..v2/token"), "two");
    Files.delete(root.resolve("..data"));
    Files.createSymbolicLink(root.resolve("..data"), Path.of("..v2"));
    assertThat(secret("file:token").reveal()).isEqualTo("two");
  }

  @Test
  void aDirectoryIsASecretOfParts() throws IOException {
    Path stripe = Files.createDirectory(root.resolve("stripe"));
    Files.writeString(stripe.resolve("username"), "acct\n");
    Files.writeString(stripe.resolve("password"), "pw\n");
    Files.writeString(stripe.resolve(".hidden"), "ignored");

    Secret secret = secret("file:stripe/");
    assertThat(secret.partNames()).containsExactly("password", "username");
    assertThat(secret.reveal("username")).isEqualTo("acct");
    assertThat(secret.reveal("password")).isEqualTo("pw");
    assertThat(secret("file:stripe")).isEqualTo(secret);
  }

  @Test
  void anEmptyDirectoryIsMissing() throws IOException {
    Files.createDirectory(root.resolve("empty"));
    assertThat(reason("file:empty/", CredentialStatus.MISSING)).contains("holds no secret files");
  }

  @Test
  void aMissingOrEmptyFileIsMissing() throws IOException {
    assertThat(reason("file:nope", CredentialStatus.MISSING))
        .isEqualTo("binding stripe: no secret file nope under " + root);
    Files.writeString(root.resolve("blank"), "\n");
    assertThat(reason("file:blank", CredentialStatus.MISSING)).contains("is empty");
  }

  @Test
  void traversalIsRefused() throws IOException {
    Files.writeString(temp.resolve("outside"), "do-not-read");
    assertThat(reason("file:../outside", CredentialStatus.ERROR))
        .isEqualTo(
            "binding stripe: file reference ../outside refused: '..' segments are not allowed");
    assertThat(reason("file:a/../../outside", CredentialStatus.ERROR)).contains("'..' segments");
    assertThat(reason("file:" + temp.resolve("outside"), CredentialStatus.ERROR))
        .contains("absolute paths are not allowed");
    assertThat(reason("file:", CredentialStatus.ERROR)).contains("file:NAME");
  }

  @Test
  void symbolicLinksOutOfTheRootAreRefused() throws IOException {
    Files.writeString(temp.resolve("outside"), "do-not-read");
    Files.createSymbolicLink(root.resolve("escape"), temp.resolve("outside"));
    assertThat(reason("file:escape", CredentialStatus.ERROR))
        .contains("links outside the secret root");

    Path dir = Files.createDirectory(root.resolve("dir"));
    Files.createSymbolicLink(dir.resolve("password"), temp.resolve("outside"));
    assertThat(reason("file:dir/", CredentialStatus.ERROR))
        .contains("links outside the secret root");

    Files.createSymbolicLink(root.resolve("up"), temp);
    assertThat(reason("file:up/outside", CredentialStatus.ERROR))
        .contains("links outside the secret root");
  }

  @Test
  void aRootBehindASymbolicLinkStillWorks() throws IOException {
    Files.writeString(root.resolve("key"), "v");
    Path link = Files.createSymbolicLink(temp.resolve("link"), root);
    assertThat(
            MountedFileSecrets.under(link)
                .resolve(
                    CredentialBinding.of("b", AuthKind.BEARER, "file:key"),
                    CallerContext.anonymous())
                .status())
        .isEqualTo(CredentialStatus.RESOLVED);
  }

  @Test
  void anAbsentRootIsAnError() {
    assertThat(
            MountedFileSecrets.under(temp.resolve("not-mounted"))
                .resolve(
                    CredentialBinding.of("b", AuthKind.BEARER, "file:key"),
                    CallerContext.anonymous())
                .status())
        .isEqualTo(CredentialStatus.ERROR);
  }

  @Test
  void anUnreadableFileIsAnError() throws IOException {
    assumeThat(System.getProperty("user.name")).as("root reads any file").isNotEqualTo("root");
    Path file = Files.writeString(root.resolve("locked"), "v");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("---------"));
    assertThat(reason("file:locked", CredentialStatus.ERROR)).contains("not readable");
  }

  @Test
  void aFileTooLargeToBeASecretIsAnError() throws IOException {
    Files.write(root.resolve("huge"), new byte[MountedFileSecrets.MAX_FILE_BYTES + 1]);
    assertThat(reason("file:huge", CredentialStatus.ERROR)).contains("larger than");
  }
}
