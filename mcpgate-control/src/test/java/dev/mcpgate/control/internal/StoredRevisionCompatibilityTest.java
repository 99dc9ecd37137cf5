package dev.mcpgate.control.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpgate.control.ImportSettings;
import dev.mcpgate.control.SourceRevision;
import dev.mcpgate.core.OutputSchemaMode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A revision's settings are stored in its JSON; a row written before they existed still reads. */
class StoredRevisionCompatibilityTest {

  private static final String BEFORE_SETTINGS = """
      {"meta":{"id":"pets@1","revision":1,"owner":"API","createdBy":"olga",
      "createdAt":"2026-12-01T10:00:00Z","changedBy":"olga","changedAt":"2026-12-01T10:00:00Z"},
      "sourceId":"pets","number":1,
      "sha256":"0000000000000000000000000000000000000000000000000000000000000000",
      "size":10,"location":"pets.yaml","summary":{"format":"openapi","formatVersion":"3.0.3",
      "title":"Pets","apiVersion":"1","servers":[],"tools":2,"warnings":0}}""";

  @Test
  void aRevisionStoredBeforeSettingsExistedReadsWithTheDefaults() {
    SourceRevision revision = Json.read(BEFORE_SETTINGS, SourceRevision.class);

    assertThat(revision.settings()).isEqualTo(ImportSettings.defaults());
  }

  @Test
  void aRevisionsSettingsSurviveTheirJsonForm() {
    SourceRevision old = Json.read(BEFORE_SETTINGS, SourceRevision.class);
    ImportSettings settings = ImportSettings.builder().baseUrl("https://api.example.com/v2")
        .toolPrefix("zoo").operations(List.of("listPets")).outputSchemas(OutputSchemaMode.STRICT)
        .credentialParameters(List.of("query:api_key")).inputParameters(List.of("header:X-Id"))
        .binding("pets-token").build();
    SourceRevision revision = new SourceRevision(old.meta(), old.sourceId(), old.number(),
        old.sha256(), old.size(), old.location(), old.summary(), settings);

    String json = Json.write(revision);

    assertThat(json).contains("\"settings\":{\"baseUrl\":\"https://api.example.com/v2\",\"toolPrefix\":"
        + "\"zoo\",\"operations\":[\"listPets\"],\"outputSchemas\":\"STRICT\",\"credentialParameters\":"
        + "[\"query:api_key\"],\"inputParameters\":[\"header:X-Id\"],\"binding\":\"pets-token\"}");
    assertThat(Json.read(json, SourceRevision.class)).isEqualTo(revision);
  }
}
