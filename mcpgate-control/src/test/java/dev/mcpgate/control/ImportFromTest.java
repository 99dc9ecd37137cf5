package dev.mcpgate.control;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpgate.control.store.ControlStore;
import dev.mcpgate.testkit.FakeUpstream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A revision imported from a file or a URL keeps exactly the bytes that were read. */
class ImportFromTest {

  @TempDir Path directory;

  private final ControlPlane control = ControlPlane.builder(ControlStore.inMemory()).build();
  private final Actor operator = new Actor("olga", Role.OPERATOR, Surface.CLI);

  @AfterEach
  void close() {
    control.close();
  }

  @Test
  void aFileIsReadAndItsBytesKeptAsTheRevision() throws Exception {
    Path file = directory.resolve("pets.yaml");
    Files.write(file, Specs.pets("List pets"));

    Outcome<SourceRevision> outcome = control.importFrom(operator, "pets", file.toString());

    assertThat(outcome.applied()).isTrue();
    SourceRevision revision = ((Outcome.Applied<SourceRevision>) outcome).result();
    assertThat(revision.location()).isEqualTo(file.toString());
    assertThat(control.description("pets", 1).orElseThrow()).isEqualTo(Files.readAllBytes(file));
  }

  @Test
  void aUrlIsFetchedOverHttp() {
    try (FakeUpstream upstream = FakeUpstream.start()) {
      upstream.enqueue(FakeUpstream.Answer.text(200,
          new String(Specs.pets("List pets"), StandardCharsets.UTF_8)));

      Outcome<SourceRevision> outcome = control.importFrom(operator, "pets",
          upstream.url("/openapi.yaml").toString());

      assertThat(outcome.applied()).isTrue();
      assertThat(upstream.onlyRequest().target()).isEqualTo("/openapi.yaml");
      assertThat(control.review("pets", 1).orElseThrow().evidence().operations()).hasSize(2);
    }
  }

  @Test
  void aUrlThatFailsOrAFileThatIsMissingIsRefusedAsInvalid() {
    try (FakeUpstream upstream = FakeUpstream.start()) {
      upstream.enqueue(FakeUpstream.Answer.status(404));

      Outcome<SourceRevision> missingUrl = control.importFrom(operator, "pets",
          upstream.url("/gone.yaml").toString());
      Outcome<SourceRevision> missingFile = control.importFrom(operator, "pets",
          directory.resolve("nothing.yaml").toString());

      assertThat(missingUrl).isInstanceOfSatisfying(Outcome.Refused.class, refused -> {
        assertThat(refused.reason()).isEqualTo(Outcome.Refusal.INVALID);
        assertThat(refused.message()).contains("HTTP 404");
      });
      assertThat(missingFile).isInstanceOfSatisfying(Outcome.Refused.class,
          refused -> assertThat(refused.message()).contains("no such file"));
      assertThat(control.sources()).isEmpty();
    }
  }
}
