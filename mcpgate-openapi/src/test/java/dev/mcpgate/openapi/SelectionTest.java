package dev.mcpgate.openapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class SelectionTest {

  private static boolean selects(Selection selection, String method, String path) {
    return selection.selects(method, path, "op", List.of("repos"), false);
  }

  @Test
  void byDefaultEverythingButDeprecatedOperationsIsSelected() {
    assertThat(Selection.all().selects("GET", "/a", "a", List.of(), false)).isTrue();
    assertThat(Selection.all().selects("GET", "/a", "a", List.of(), true)).isFalse();
    assertThat(Selection.builder().includeDeprecated(true).build()
        .selects("GET", "/a", "a", List.of(), true)).isTrue();
  }

  @Test
  void aSingleStarMatchesWithinOneSegmentAndADoubleStarAcrossSegments() {
    Selection one = Selection.builder().includePaths(List.of("/repos/*")).build();
    Selection any = Selection.builder().includePaths(List.of("/repos/**")).build();

    assertThat(selects(one, "GET", "/repos/{owner}")).isTrue();
    assertThat(selects(one, "GET", "/repos/{owner}/{repo}")).isFalse();
    assertThat(selects(any, "GET", "/repos/{owner}/{repo}/issues")).isTrue();
    assertThat(selects(any, "GET", "/users/{user}")).isFalse();
  }

  @Test
  void globCharactersOtherThanStarAreLiteral() {
    Selection selection = Selection.builder().includePaths(List.of("/a.b/{id}")).build();

    assertThat(selects(selection, "GET", "/a.b/{id}")).isTrue();
    assertThat(selects(selection, "GET", "/aXb/{id}")).isFalse();
  }

  @Test
  void excludedPathsWinOverIncludedOnes() {
    Selection selection = Selection.builder()
        .includePaths(List.of("/repos/**")).excludePaths(List.of("/repos/*/admin/**")).build();

    assertThat(selects(selection, "GET", "/repos/{owner}/issues")).isTrue();
    assertThat(selects(selection, "GET", "/repos/{owner}/admin/keys")).isFalse();
  }

  @Test
  void methodsMatchCaseInsensitively() {
    Selection selection = Selection.builder().methods(List.of("get", "Head")).build();

    assertThat(selects(selection, "GET", "/a")).isTrue();
    assertThat(selects(selection, "HEAD", "/a")).isTrue();
    assertThat(selects(selection, "POST", "/a")).isFalse();
  }

  @Test
  void tagsAreIncludedWhenAnyMatchesAndExcludedWhenAnyMatches() {
    Selection include = Selection.builder().includeTags(List.of("billing")).build();
    Selection exclude = Selection.builder().excludeTags(List.of("internal")).build();

    assertThat(include.selects("GET", "/a", null, List.of("billing", "x"), false)).isTrue();
    assertThat(include.selects("GET", "/a", null, List.of("x"), false)).isFalse();
    assertThat(exclude.selects("GET", "/a", null, List.of("internal", "billing"), false)).isFalse();
    assertThat(exclude.selects("GET", "/a", null, List.of(), false)).isTrue();
  }

  @Test
  void operationIdsAreIncludedAndExcludedExactly() {
    Selection include = Selection.builder().includeOperationIds(List.of("getUser")).build();
    Selection exclude = Selection.builder().excludeOperationIds(List.of("deleteUser")).build();

    assertThat(include.selects("GET", "/u", "getUser", List.of(), false)).isTrue();
    assertThat(include.selects("GET", "/u", "getUsers", List.of(), false)).isFalse();
    assertThat(include.selects("GET", "/u", null, List.of(), false)).isFalse();
    assertThat(exclude.selects("DELETE", "/u", "deleteUser", List.of(), false)).isFalse();
    assertThat(exclude.selects("DELETE", "/u", null, List.of(), false)).isTrue();
  }

  @Test
  void aPathGlobMustStartWithASlash() {
    assertThatThrownBy(() -> Selection.builder().includePaths(List.of("repos/**")).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("starts with '/'");
  }
}
