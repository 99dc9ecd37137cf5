package dev.mcpgate.admin.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpgate.control.Actor;
import dev.mcpgate.control.ChangeQuery;
import dev.mcpgate.control.Command;
import dev.mcpgate.control.ObjectKind;
import dev.mcpgate.control.ReviewStatus;
import dev.mcpgate.control.Role;
import dev.mcpgate.control.Rule;
import dev.mcpgate.control.RuleDefinition;
import dev.mcpgate.control.Source;
import dev.mcpgate.control.Surface;
import dev.mcpgate.core.policy.PolicyRule;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The web UI over HTTP, as a browser without JavaScript sees it. */
class AdminUiTest {

  static final String PETS = """
      openapi: 3.0.3
      info: {title: Pets, version: "1"}
      servers: [{url: "https://api.example.com"}]
      components:
        securitySchemes:
          key: {type: apiKey, in: header, name: X-Api-Key}
      security: [{key: []}]
      paths:
        /pets:
          get:
            operationId: listPets
            tags: [pets]
            summary: List pets
            responses: {"200": {description: ok}}
          post:
            operationId: addPet
            tags: [admin]
            summary: Add a pet
            responses: {"201": {description: created}}
        /pets/{id}:
          delete:
            operationId: deletePet
            tags: [admin]
            parameters: [{name: id, in: path, required: true, schema: {type: string}}]
            responses: {"204": {description: gone}}
      """;

  @TempDir Path dir;
  UiServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private UiServer start() throws Exception {
    server = UiServer.start(dir);
    return server;
  }

  @Test
  void everyPageHasAStrictContentSecurityPolicyAndNoInlineScript() throws Exception {
    UiServer.Browser browser = start().browser().logIn(Role.ADMIN);
    for (String path : List.of("login", "", "sources", "tools", "bindings", "clients",
        "policy", "audit", "operators")) {
      UiServer.Page page = browser.get(path);
      assertThat(page.status()).as(path).isEqualTo(200);
      assertThat(page.header("Content-Security-Policy")).as(path)
          .contains("default-src 'none'", "script-src 'self'", "frame-ancestors 'none'")
          .doesNotContain("unsafe-inline", "unsafe-eval", "http:", "https:");
      assertThat(page.body()).as(path)
          .doesNotContainPattern("<script(?![^>]*\\ssrc=)")
          .doesNotContainPattern("\\son[a-z]+=")
          .doesNotContain("style=\"", "http://", "https://cdn");
    }
  }

  @Test
  void htmxAndTheUiScriptAreServedFromTheJar() throws Exception {
    UiServer.Browser browser = start().browser();
    UiServer.Page htmx = browser.get("assets/htmx.min.js");
    assertThat(htmx.status()).isEqualTo(200);
    assertThat(htmx.header("Content-Type")).startsWith("text/javascript");
    assertThat(htmx.body()).contains("htmx");
    assertThat(browser.get("assets/ui.js").status()).isEqualTo(200);
    assertThat(browser.get("assets/ui.css").header("Content-Type")).startsWith("text/css");
    assertThat(browser.get("assets/../../etc/passwd").status()).isEqualTo(404);
  }

  @Test
  void withoutASessionEveryPageLeadsToTheLoginPage() throws Exception {
    UiServer.Browser browser = start().browser();
    UiServer.Page page = browser.get("clients");
    assertThat(page.status()).isEqualTo(303);
    assertThat(page.header("Location")).isEqualTo("/admin/login");
    assertThat(browser.get("clients", Map.of("HX-Request", "true")).header("HX-Redirect"))
        .isEqualTo("/admin/login");
    UiServer.Page login = browser.get("login");
    assertThat(login.body()).contains("<label for=\"token\">Operator token</label>");
  }

  @Test
  void anOperatorTokenStartsASessionInAnHttpOnlySameSiteStrictCookieAndLogoutEndsIt()
      throws Exception {
    UiServer.Browser browser = start().browser();
    UiServer.Page answer = browser.post("login", Map.of("token", server.tokens.get(Role.VIEWER)));
    assertThat(answer.status()).isEqualTo(303);
    String cookie = answer.headers().get("set-cookie").get(0);
    assertThat(cookie).startsWith("mcpgate_ui=").contains("; Path=/admin/", "; HttpOnly",
        "; SameSite=Strict").doesNotContain("Secure");
    UiServer.Page overview = browser.get("");
    assertThat(overview.body()).contains("viewer-op (<span data-role>viewer</span>)");
    UiServer.Page out = browser.post("logout", Map.of("_csrf", overview.csrf()));
    assertThat(out.status()).isEqualTo(303);
    assertThat(browser.hasSession()).isFalse();
    assertThat(browser.get("").status()).isEqualTo(303);
  }

  @Test
  void aClientKeyOrAWrongTokenNeverLogsIn() throws Exception {
    UiServer.Browser browser = start().browser();
    for (String token : List.of("mgk_abc_def", "mgo_unknown_token", "")) {
      UiServer.Page answer = browser.post("login", Map.of("token", token));
      assertThat(answer.status()).isEqualTo(401);
      assertThat(answer.body()).contains("not a valid operator token");
      assertThat(browser.hasSession()).isFalse();
    }
  }

  @Test
  void aLoginLinkStartsAnAdminSessionOnce() throws Exception {
    start();
    String link = server.servlet.issueLoginLink();
    assertThat(link).matches("login/link/[A-Za-z0-9_-]{43}");
    UiServer.Browser first = server.browser();
    assertThat(first.get(link).status()).isEqualTo(303);
    assertThat(first.get("operators").body()).contains("setup-link (<span data-role>admin"
        + "</span>)");
    UiServer.Browser second = server.browser();
    UiServer.Page again = second.get(link);
    assertThat(again.status()).isEqualTo(401);
    assertThat(again.body()).contains("used already or has expired");
    assertThat(second.hasSession()).isFalse();
  }

  @Test
  void sessionsEndAfterTheirIdleTimeoutAndTheirAbsoluteLifetime() throws Exception {
    AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));
    Clock clock = new Clock() {
      @Override
      public java.time.ZoneId getZone() {
        return ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(java.time.ZoneId zone) {
        return this;
      }

      @Override
      public Instant instant() {
        return now.get();
      }
    };
    server = UiServer.start(dir, b -> b.clock(clock)
        .sessions(Duration.ofMinutes(10), Duration.ofMinutes(25)));
    UiServer.Browser browser = server.browser().logIn(Role.OPERATOR);
    now.set(now.get().plus(Duration.ofMinutes(9)));
    assertThat(browser.get("").status()).isEqualTo(200);
    now.set(now.get().plus(Duration.ofMinutes(9)));
    assertThat(browser.get("").status()).as("active: idle timer restarted").isEqualTo(200);
    now.set(now.get().plus(Duration.ofMinutes(11)));
    assertThat(browser.get("").status()).as("idle 11 minutes").isEqualTo(303);

    browser.logIn(Role.OPERATOR);
    for (int i = 0; i < 3; i++) {
      now.set(now.get().plus(Duration.ofMinutes(9)));
      assertThat(browser.get("").status()).isEqualTo(i < 2 ? 200 : 303);
    }
  }

  @Test
  void aChangeWithoutTheSessionsCsrfTokenIsRefusedAndChangesNothing() throws Exception {
    UiServer.Browser browser = start().browser().logIn(Role.OPERATOR);
    UiServer.Page missing = browser.post("clients", Map.of("clientId", "acme"));
    UiServer.Page wrong = browser.post("clients", Map.of("clientId", "acme", "_csrf", "nope"));
    UiServer.Browser other = server.browser().logIn(Role.OPERATOR);
    UiServer.Page crossSite = other.post("clients", UiServer.encode(Map.of("clientId", "acme",
        "_csrf", other.get("").csrf())), Map.of("Sec-Fetch-Site", "cross-site"));
    assertThat(List.of(missing.status(), wrong.status(), crossSite.status()))
        .containsOnly(403);
    assertThat(missing.body()).contains("CSRF token is missing or stale");
    assertThat(server.control.clients()).isEmpty();
  }

  @Test
  void aViewerSeesNoChangeButtonsAndTheServerRefusesTheirChanges() throws Exception {
    UiServer.Browser viewer = start().browser().logIn(Role.VIEWER);
    importPets(server.browser().logIn(Role.OPERATOR));
    for (String path : List.of("sources", "sources/pets/revisions/1", "clients", "bindings")) {
      UiServer.Page page = viewer.get(path);
      assertThat(page.status()).isEqualTo(200);
      assertThat(page.body()).as(path).doesNotContain("type=\"submit\" id=", "Approve",
          "Import for review", "Create client", "Rotate", "Save selection");
    }
    assertThat(viewer.get("operators").status()).isEqualTo(403);
    String csrf = viewer.get("").csrf();
    UiServer.Page refused = viewer.post("clients", Map.of("clientId", "acme", "_csrf", csrf));
    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.body()).contains("viewer");
    assertThat(server.control.clients()).isEmpty();
  }

  @Test
  void aRevisionIsImportedReviewedMappedToABindingApprovedAndPublishedThroughTheUi()
      throws Exception {
    UiServer.Browser operator = start().browser().logIn(Role.OPERATOR);
    UiServer.Page review = importPets(operator);
    assertThat(review.body())
        .contains("id=\"review-status\" class=\"status pending\">pending",
            "<code>listPets</code>", "<code>/pets/{id}</code>", "destructive",
            "apiKey header X-Api-Key", "<code>https://api.example.com</code>",
            "data-select-tag=\"admin\"", "data-select-method=\"DELETE\"")
        .contains("<option value=\"apiKey\" selected>apiKey</option>")
        .contains("in=header\nname=X-Api-Key");

    String csrf = review.csrf();
    UiServer.Page saved = operator.follow(operator.post("sources/pets/selection",
        "_csrf=" + csrf + "&expected=0&back=1&tool=listPets&tool=addPet"));
    assertThat(saved.body()).contains("selection of pets: 2 tools");
    assertThat(server.control.selection("pets").orElseThrow().tools())
        .containsExactlyInAnyOrder("listPets", "addPet");

    UiServer.Page mapped = operator.follow(operator.post("sources/pets/binding", Map.of(
        "_csrf", csrf, "mode", "new", "back", "1", "expected", "0", "kind", "apiKey",
        "ref", "env:PETS_KEY", "settings", "in=header\nname=X-Api-Key")));
    assertThat(mapped.body()).contains("apiKey from reference <code>env:PETS_KEY</code>");

    UiServer.Page notYours = operator.post("sources/pets/revisions/1/decision", Map.of(
        "_csrf", csrf, "decision", "approve", "expected", "1"));
    assertThat(notYours.status()).isEqualTo(403);

    UiServer.Browser approver = server.browser().logIn(Role.APPROVER);
    String approverCsrf = approver.get("sources/pets/revisions/1").csrf();
    UiServer.Page approved = approver.follow(approver.post(
        "sources/pets/revisions/1/decision", Map.of("_csrf", approverCsrf, "decision",
            "approve", "note", "reads and one write, key from env", "expected", "1")));
    assertThat(approved.body()).contains("class=\"status approved\">approved",
        "reads and one write, key from env", "Publish to sandbox", "Promote to production");
    for (String environment : List.of(Source.SANDBOX, Source.PRODUCTION)) {
      long revision = server.control.source("pets").orElseThrow().meta().revision();
      UiServer.Page published = approver.follow(approver.post(
          "sources/pets/revisions/1/publish", Map.of("_csrf", approverCsrf, "environment",
              environment, "expected", Long.toString(revision))));
      assertThat(published.status()).isEqualTo(200);
    }
    assertThat(server.control.source("pets").orElseThrow().published())
        .containsEntry("sandbox", 1).containsEntry("production", 1);
    assertThat(server.control.review("pets", 1).orElseThrow().status())
        .isEqualTo(ReviewStatus.APPROVED);
    assertThat(server.control.changes(ChangeQuery.latest(100)))
        .filteredOn(change -> !change.kind().equals(ObjectKind.OPERATOR))
        .extracting(change -> change.surface()).containsOnly(Surface.UI);
    UiServer.Page tools = approver.get("tools?environment=production");
    assertThat(tools.body()).contains("2 tools in production", "<code>listPets</code>")
        .doesNotContain("<code>deletePet</code>");
  }

  @Test
  void aStaleFormIsRefusedWithAPageSayingSo() throws Exception {
    UiServer.Browser operator = start().browser().logIn(Role.OPERATOR);
    String csrf = importPets(operator).csrf();
    operator.post("sources/pets/selection", "_csrf=" + csrf + "&expected=0&tool=listPets");
    // Two operators saw revision 1; the first to save wins.
    operator.post("sources/pets/selection", "_csrf=" + csrf + "&expected=1&tool=addPet");
    UiServer.Page stale = operator.post("sources/pets/selection",
        "_csrf=" + csrf + "&expected=1&tool=deletePet");
    assertThat(stale.status()).isEqualTo(412);
    assertThat(stale.body()).contains("read it again").doesNotContain("Exception", "at dev.");
  }

  @Test
  void aNewClientKeyIsShownOnceWithACopyButtonAndRevokedAfterAConfirmation() throws Exception {
    UiServer.Browser operator = start().browser().logIn(Role.OPERATOR);
    String csrf = operator.get("clients").csrf();
    operator.post("clients", Map.of("_csrf", csrf, "clientId", "acme", "displayName", "Acme",
        "scopes", "pets:read"));
    operator.post("clients/acme/profiles", Map.of("_csrf", csrf, "profile", "default"));
    UiServer.Page issued = operator.post("clients/acme/keys", Map.of("_csrf", csrf,
        "profile", "default"));
    assertThat(issued.status()).isEqualTo(201);
    assertThat(issued.header("Cache-Control")).isEqualTo("no-store");
    Matcher key = Pattern.compile("value=\"(mgk_[^\"]+)\"").matcher(issued.body());
    assertThat(key.find()).isTrue();
    assertThat(issued.body()).contains("data-copy=\"secret\"", "shown <strong>this once");

    UiServer.Page client = operator.get("clients/acme");
    assertThat(client.body()).contains("Revoke key…").doesNotContain(key.group(1));
    UiServer.Page confirm = operator.get("clients/acme/revoke");
    assertThat(confirm.body()).contains("Revoke client acme?", "id=\"confirm-revoke\"");
    assertThat(server.control.clients().get(0).revoked()).isFalse();
    UiServer.Page revoked = operator.follow(operator.post("clients/acme/revoke", Map.of(
        "_csrf", csrf, "expected", "1")));
    assertThat(revoked.body()).contains("id=\"client-state\">revoked");
    assertThat(server.control.clients().get(0).revoked()).isTrue();
  }

  @Test
  void filtersAnswerAnHtmxFragmentAndAFullPageWithoutJavaScript() throws Exception {
    UiServer.Browser operator = start().browser().logIn(Role.OPERATOR);
    importPets(operator);
    UiServer.Page full = operator.get("audit?kind=revision");
    assertThat(full.body()).startsWith("<!DOCTYPE html>").contains("id=\"audit-form\"",
        "revision pets@1");
    UiServer.Page fragment = operator.get("audit?kind=revision", Map.of("HX-Request", "true"));
    assertThat(fragment.body()).doesNotContain("<html", "<nav").contains("Changes (1)");
    UiServer.Page bad = operator.get("audit?from=yesterday");
    assertThat(bad.status()).isEqualTo(422);
    assertThat(bad.body()).contains("from must be a time");
  }

  @Test
  void badInputAnswersAPageNotAStackTrace() throws Exception {
    UiServer.Browser operator = start().browser().logIn(Role.OPERATOR);
    String csrf = operator.get("").csrf();
    assertThat(operator.get("no/such/page").status()).isEqualTo(404);
    assertThat(operator.get("sources/nope").status()).isEqualTo(404);
    UiServer.Page invalid = operator.post("bindings", Map.of("_csrf", csrf, "id", "x y",
        "kind", "bearer", "ref", "env:X"));
    assertThat(invalid.status()).isEqualTo(422);
    UiServer.Page secretAsReference = operator.post("bindings", Map.of("_csrf", csrf, "id",
        "b", "kind", "bearer", "ref", "sk_live_not_a_reference"));
    assertThat(secretAsReference.status()).isEqualTo(422);
    assertThat(secretAsReference.body()).doesNotContain("sk_live_not_a_reference");
    UiServer.Page notAForm = operator.post("clients", "{}");
    assertThat(List.of(invalid, secretAsReference, notAForm))
        .allSatisfy(page -> assertThat(page.body()).doesNotContain("Exception", "at dev."));
  }

  @Test
  void theReviewShowsTheImportSettingsTheApproverDecidesOn() throws Exception {
    UiServer.Browser approver = start().browser().logIn(Role.APPROVER);
    server.control.apply(Actor.local(Surface.CLI), new Command.ImportRevision("pets",
        PETS.getBytes(java.nio.charset.StandardCharsets.UTF_8), "pets.yaml",
        dev.mcpgate.control.ImportSettings.builder().baseUrl("https://pets.internal/v2")
            .toolPrefix("zoo").build()));

    UiServer.Page review = approver.get("sources/pets/revisions/1");

    assertThat(review.body()).contains("<span id=\"import-settings\">import settings <code>"
        + "baseUrl https://pets.internal/v2, toolPrefix zoo</code></span>")
        .contains("<code>zoo_listPets</code>", "<code>https://pets.internal</code>");
  }

  @Test
  void thePolicyDryRunExplainsWhyAToolIsHiddenFromAClient() throws Exception {
    UiServer.Browser approver = start().browser().logIn(Role.APPROVER);
    String csrf = importPets(approver).csrf();
    approver.post("sources/pets/revisions/1/decision", Map.of("_csrf", csrf, "decision",
        "approve", "expected", "1"));
    long revision = server.control.source("pets").orElseThrow().meta().revision();
    approver.post("sources/pets/revisions/1/publish", Map.of("_csrf", csrf, "environment",
        "production", "expected", Long.toString(revision)));
    approver.post("clients", Map.of("_csrf", csrf, "clientId", "agent"));
    server.control.apply(dev.mcpgate.control.Actor.local(Surface.CLI),
        new dev.mcpgate.control.Command.PutRule(new dev.mcpgate.control.RuleDefinition(
            "allow-reads", 1, dev.mcpgate.core.policy.PolicyRule.Effect.ALLOW, "reads only",
            List.of(), List.of("agent"), List.of(), List.of(), List.of(), List.of(),
            List.of("GET"), null), 0));

    UiServer.Page dryRun = approver.get("policy?environment=production&caller=agent&tool=addPet",
        Map.of("HX-Request", "true"));
    assertThat(dryRun.status()).isEqualTo(200);
    assertThat(dryRun.body()).doesNotContain("<html")
        .contains("agent sees 1 tools in production", "<code>listPets</code>")
        .contains("<code>addPet</code> is <strong>hidden</strong>: no rule allows",
            "No rule applies to this tool.");
    UiServer.Page visible = approver.get("policy?environment=production&caller=agent"
        + "&tool=listPets");
    assertThat(visible.body()).contains("<code>listPets</code> is <strong>visible</strong>",
        "<code>allow-reads</code>");
    UiServer.Page tools = approver.get("tools?environment=production&caller=agent");
    assertThat(tools.body()).contains("3 tools in production; agent sees 1.", "hidden");
    assertThat(approver.get("policy?caller=nobody").status()).isEqualTo(404);
  }

  @Test
  void aBindingIsRotatedToANewReferenceAndAnOperatorsTokenIsShownOnce() throws Exception {
    UiServer.Browser admin = start().browser().logIn(Role.ADMIN);
    String csrf = admin.get("bindings").csrf();
    admin.post("bindings", Map.of("_csrf", csrf, "id", "pets", "kind", "bearer", "ref",
        "env:PETS_TOKEN"));
    UiServer.Page rotated = admin.follow(admin.post("bindings/pets/rotate", Map.of("_csrf", csrf,
        "ref", "env:PETS_TOKEN_2", "expected", "1")));
    assertThat(rotated.body()).contains("<code>env:PETS_TOKEN_2</code>")
        .doesNotContain("<code>env:PETS_TOKEN</code>");
    assertThat(server.control.bindings().get(0).binding().secretRef())
        .isEqualTo("env:PETS_TOKEN_2");

    UiServer.Page created = admin.post("operators", Map.of("_csrf", csrf, "name", "rita",
        "role", "approver"));
    assertThat(created.status()).isEqualTo(201);
    Matcher token = Pattern.compile("value=\"(mgo_[^\"]+)\"").matcher(created.body());
    assertThat(token.find()).isTrue();
    assertThat(admin.get("operators").body()).contains("rita").doesNotContain(token.group(1));
    UiServer.Browser rita = server.browser();
    assertThat(rita.post("login", Map.of("token", token.group(1))).status()).isEqualTo(303);
    assertThat(rita.get("").status()).isEqualTo(200);
    admin.post("operators/rita/revoke", Map.of("_csrf", csrf, "expected", "1"));
    assertThat(rita.get("").status()).as("a revoked operator's session ends").isEqualTo(303);
  }

  static UiServer.Page importPets(UiServer.Browser operator) {
    String csrf = operator.get("sources").csrf();
    UiServer.Page imported = operator.post("sources/import", Map.of("_csrf", csrf,
        "sourceId", "pets", "content", PETS));
    assertThat(imported.status()).as(imported.body()).isEqualTo(303);
    return operator.follow(imported);
  }

  @Test
  void anOperatorAddsEditsAndDeletesAStoreRuleWhileAFileRuleIsRefusedWithTheHint()
      throws Exception {
    start();
    server.control.apply(Actor.local(Surface.FILE), new Command.PutRule(new RuleDefinition(
        "from-file", 1, PolicyRule.Effect.DENY, null, List.of(), List.of(), List.of(),
        List.of("delete*"), List.of(), List.of(), List.of(), null), 0));
    long fileRevision = rule("from-file").meta().revision();
    UiServer.Browser operator = server.browser().logIn(Role.OPERATOR);
    UiServer.Page policy = operator.get("policy");
    assertThat(policy.body()).contains("New rule", "from the configuration file: change it there")
        .doesNotContain("Delete from-file");
    String csrf = policy.csrf();

    UiServer.Page added = operator.follow(operator.post("rules", Map.of("_csrf", csrf,
        "expected", "0", "id", "no-acme", "order", "10", "effect", "deny",
        "clients", "acme, beta", "tools", "delete*", "methods", "delete")));
    assertThat(added.status()).isEqualTo(200);
    assertThat(added.body()).contains("<code>no-acme</code>", "clients acme,beta",
        "Delete no-acme");
    Rule stored = rule("no-acme");
    assertThat(stored.definition().effect()).isEqualTo(PolicyRule.Effect.DENY);
    assertThat(stored.definition().clientIds()).containsExactly("acme", "beta");
    assertThat(stored.definition().httpMethods()).containsExactly("DELETE");

    UiServer.Page edited = operator.follow(operator.post("rules", Map.of("_csrf", csrf,
        "expected", String.valueOf(stored.meta().revision()), "id", "no-acme", "order", "20",
        "effect", "allow", "clients", "acme")));
    assertThat(edited.status()).isEqualTo(200);
    assertThat(rule("no-acme").definition().effect()).isEqualTo(PolicyRule.Effect.ALLOW);
    assertThat(rule("no-acme").definition().order()).isEqualTo(20);
    UiServer.Page stale = operator.post("rules", Map.of("_csrf", csrf,
        "expected", String.valueOf(stored.meta().revision()), "id", "no-acme", "order", "30",
        "effect", "deny"));
    assertThat(stale.status()).isEqualTo(412);

    UiServer.Page fileEdit = operator.post("rules", Map.of("_csrf", csrf,
        "expected", String.valueOf(fileRevision), "id", "from-file", "order", "1",
        "effect", "allow"));
    assertThat(fileEdit.status()).isEqualTo(409);
    assertThat(fileEdit.body()).contains("from-file is declared in the configuration file; "
        + "change it there");
    UiServer.Page fileDelete = operator.post("rules/from-file/delete", Map.of("_csrf", csrf,
        "expected", String.valueOf(fileRevision)));
    assertThat(fileDelete.status()).isEqualTo(409);
    assertThat(rule("from-file").definition().effect()).isEqualTo(PolicyRule.Effect.DENY);

    UiServer.Page withoutCsrf = operator.post("rules/no-acme/delete", Map.of("expected",
        String.valueOf(rule("no-acme").meta().revision())));
    assertThat(withoutCsrf.status()).isEqualTo(403);
    UiServer.Page invalid = operator.post("rules", Map.of("_csrf", csrf, "expected", "0",
        "id", "bad", "order", "ten", "effect", "deny"));
    assertThat(invalid.status()).isEqualTo(422);
    assertThat(invalid.body()).contains("order must be a whole number");

    UiServer.Browser viewer = server.browser().logIn(Role.VIEWER);
    UiServer.Page viewed = viewer.get("policy");
    assertThat(viewed.body()).doesNotContain("New rule").doesNotContain("Delete no-acme");
    UiServer.Page refused = viewer.post("rules/no-acme/delete", Map.of("_csrf", viewed.csrf(),
        "expected", String.valueOf(rule("no-acme").meta().revision())));
    assertThat(refused.status()).isEqualTo(403);

    UiServer.Page deleted = operator.follow(operator.post("rules/no-acme/delete",
        Map.of("_csrf", csrf, "expected", String.valueOf(rule("no-acme").meta().revision()))));
    assertThat(deleted.status()).isEqualTo(200);
    assertThat(server.control.rules()).extracting(r -> r.meta().id())
        .containsExactly("from-file");
  }

  @Test
  void thePolicyScreenShowsEveryConditionAndAFormEditKeepsWhatTheFormDoesNotEdit()
      throws Exception {
    start();
    RuleDefinition full = RuleDefinition.from(PolicyRule.allow("small-payments")
        .agents("buyer-bot").surfaces("mcp").tenants("shop").anyScope("payments:write")
        .attribute("department", "sales", "ops").tools("pay*").destructive(false)
        .argument(dev.mcpgate.core.policy.ArgumentCondition.atMost("amount", 1000)).build(), 5);
    server.control.apply(Actor.local(Surface.API), new Command.PutRule(full, 0));
    UiServer.Browser operator = server.browser().logIn(Role.OPERATOR);
    UiServer.Page policy = operator.get("policy");

    assertThat(policy.body()).contains("agents buyer-bot", "surfaces mcp", "tenants shop",
        "any scope of payments:write", "attribute department sales,ops", "destructive false",
        "argument amount &lt;= 1000", "id=\"edit-small-payments-kept\"");

    // The form as it renders: every field it edits, changed here only in its order.
    Map<String, String> fields = new java.util.LinkedHashMap<>();
    fields.put("_csrf", policy.csrf());
    fields.put("expected", "1");
    fields.put("id", "small-payments");
    fields.put("order", "6");
    fields.put("effect", "allow");
    for (String field : List.of("description", "clients", "subjects", "environments", "tags",
        "sources", "methods", "workloads", "authMethods", "allScopes", "readOnly",
        "idempotent", "openWorld")) {
      fields.put(field, "");
    }
    fields.put("agents", "buyer-bot");
    fields.put("surfaces", "mcp");
    fields.put("tenants", "shop");
    fields.put("scopes", "payments:write");
    fields.put("tools", "pay*");
    fields.put("destructive", "false");
    UiServer.Page edited = operator.follow(operator.post("rules", fields));

    assertThat(edited.status()).isEqualTo(200);
    RuleDefinition after = rule("small-payments").definition();
    assertThat(after.order()).isEqualTo(6);
    assertThat(after.attributes()).isEqualTo(full.attributes());
    assertThat(after.arguments()).isEqualTo(full.arguments());
    assertThat(after.toPolicyRule()).isEqualTo(full.toPolicyRule());

    // A form that leaves a field out (an older page) keeps that field too.
    UiServer.Page partial = operator.follow(operator.post("rules", Map.of("_csrf",
        policy.csrf(), "expected", "2", "id", "small-payments", "order", "7",
        "effect", "allow")));
    assertThat(partial.status()).isEqualTo(200);
    assertThat(rule("small-payments").definition().toPolicyRule())
        .isEqualTo(full.toPolicyRule());
    assertThat(rule("small-payments").definition().order()).isEqualTo(7);
  }

  private Rule rule(String id) {
    return server.control.rules().stream().filter(r -> r.meta().id().equals(id)).findFirst()
        .orElseThrow();
  }
}
