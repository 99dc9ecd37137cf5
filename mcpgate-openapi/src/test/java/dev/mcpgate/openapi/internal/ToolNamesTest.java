package dev.mcpgate.openapi.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpgate.api.ToolDefinition;
import dev.mcpgate.openapi.ImportWarning;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ToolNamesTest {

  private static final String VALID = "[A-Za-z0-9_-]{1,64}";

  private static Candidate candidate(String hint, String identity) {
    return new Candidate(identity, "GET", "/x", null, hint, List.of(), false,
        ToolDefinition.builder("placeholder"));
  }

  private static List<String> names(List<Candidate> candidates, String prefix) {
    return ToolNames.assign(candidates, prefix, new ArrayList<>());
  }

  @Test
  void charactersOutsideTheAllowedSetBecomeOneUnderscore() {
    assertThat(ToolNames.base("repos/get-content", null)).isEqualTo("repos_get-content");
    assertThat(ToolNames.base("get_/repos/{owner}/{repo}", null)).isEqualTo("get_repos_owner_repo");
    assertThat(ToolNames.base("Créer une facture!", null)).isEqualTo("Cr_er_une_facture");
    assertThat(ToolNames.base("///", null)).isEqualTo("operation");
  }

  @Test
  void aLongNameIsCutToSixtyFourWithAHashOfTheOriginal() {
    String hint = "a".repeat(40) + "/" + "b".repeat(40);
    String other = "a".repeat(40) + "/" + "c".repeat(40);

    String name = ToolNames.base(hint, null);

    assertThat(name).hasSize(64).matches(VALID).startsWith("a".repeat(40));
    assertThat(ToolNames.base(other, null)).hasSize(64).isNotEqualTo(name);
    assertThat(ToolNames.base(hint, null)).isEqualTo(name);
  }

  @Test
  void thePrefixStaysWithinSixtyFourCharacters() {
    String name = ToolNames.base("x".repeat(70), "billing");

    assertThat(name).startsWith("billing_").hasSize(64).matches(VALID);
    assertThat(ToolNames.base("getInvoice", "billing")).isEqualTo("billing_getInvoice");
  }

  @Test
  void collidingNamesEachGetAHashOfTheirOwnIdentity() {
    List<ImportWarning> warnings = new ArrayList<>();
    List<String> names = ToolNames.assign(
        List.of(candidate("get user", "GET /user"), candidate("get/user", "GET /users/me"),
            candidate("list", "GET /list")),
        null, warnings);

    assertThat(names.get(0)).startsWith("get_user_").isNotEqualTo(names.get(1));
    assertThat(names.get(2)).isEqualTo("list");
    assertThat(names).doesNotHaveDuplicates().allMatch(name -> name.matches(VALID));
    assertThat(warnings).hasSize(2);
  }

  @Test
  void namesDoNotDependOnUnrelatedOperations() {
    Candidate a = candidate("getUser", "GET /user");
    Candidate b = candidate("get_user", "GET /users/me");
    Candidate c = candidate("listRepos", "GET /repos");
    Candidate d = candidate("createRepo", "POST /repos");

    List<String> before = names(List.of(a, b, c), null);
    List<String> after = names(List.of(d, a, b), null);

    assertThat(after.subList(1, 3)).isEqualTo(before.subList(0, 2));
    assertThat(before.get(2)).isEqualTo("listRepos");
  }

  @Test
  void aHashedNameThatMeetsAPlainNameIsStillMadeUnique() {
    Candidate first = candidate("dup", "GET /one");
    Candidate second = candidate("dup", "GET /two");
    String hashed = names(List.of(first, second), null).get(0);
    Candidate plain = candidate(hashed, "GET /three");

    List<String> names = names(List.of(first, second, plain), null);

    assertThat(names).doesNotHaveDuplicates().allMatch(name -> name.matches(VALID));
  }
}
