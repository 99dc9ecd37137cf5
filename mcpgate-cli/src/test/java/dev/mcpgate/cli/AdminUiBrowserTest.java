package dev.mcpgate.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.mcpgate.api.AuthKind;
import dev.mcpgate.core.policy.PolicyRule;
import dev.mcpgate.control.Actor;
import dev.mcpgate.control.Command;
import dev.mcpgate.control.ControlPlane;
import dev.mcpgate.control.RuleDefinition;
import dev.mcpgate.control.Surface;
import dev.mcpgate.control.store.ControlStore;
import dev.mcpgate.testkit.McpExchange;
import dev.mcpgate.testkit.McpTestClient;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Level;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The operators' web UI of {@code mcpgate serve}, driven end to end in headless Chromium
 * (Debian's {@code chromium} and {@code chromium-driver}, installed by {@code
 * scripts/chromium.sh}): log in with the printed one-time link, import a description, review it
 * and map its auth to a binding, approve and publish, see the tools as a client, call one
 * through MCP, find the call in the audit screen, revoke the client and see the next call
 * refused. Every page is checked for console errors and for canary secrets; the screenshots go to
 * {@code target/ui-screenshots} (and to the directory named by {@code -Dmcpgate.ui.screenshots},
 * which is how {@code docs/images/ui} is refreshed).
 *
 * <p>Without a browser the test is skipped on a developer's machine and fails under {@code
 * CI=true}.
 */
class AdminUiBrowserTest {

  private static final Duration WAIT = Duration.ofSeconds(10);
  private static @Nullable ChromeDriver driver;
  private static @Nullable ChromeDriverService service;

  @TempDir Path dir;
  private ServeCommand.@Nullable Running running;
  private @Nullable HttpServer upstream;
  private final Map<String, String> environment = new ConcurrentHashMap<>();
  private final List<String> upstreamKeys = new CopyOnWriteArrayList<>();
  /** Every HTML page and htmx fragment seen, by URL, for the canary search. */
  private final Map<String, String> seen = new LinkedHashMap<>();

  static String description(int upstreamPort) {
    return """
        openapi: 3.0.3
        info: {title: Pet store, version: "1.0"}
        servers: [{url: "http://127.0.0.1:%d/v1"}]
        components:
          securitySchemes:
            key: {type: apiKey, in: header, name: X-Api-Key}
        security: [{key: []}]
        paths:
          /pets:
            get: {operationId: listPets, tags: [pets], summary: List the pets, responses: {"200": {description: ok}}}
            post: {operationId: addPet, tags: [admin], summary: Add a pet, responses: {"201": {description: created}}}
          /pets/{id}:
            parameters: [{name: id, in: path, required: true, schema: {type: string}}]
            get: {operationId: getPet, tags: [pets], summary: Read one pet, responses: {"200": {description: ok}}}
            delete: {operationId: deletePet, tags: [admin], summary: Delete a pet, responses: {"204": {description: gone}}}
        """.formatted(upstreamPort);
  }

  @BeforeAll
  static void startBrowser() {
    String chromium = locate("MCPGATE_TEST_CHROMIUM", "/usr/bin/chromium");
    String chromedriver = locate("MCPGATE_TEST_CHROMEDRIVER", "/usr/bin/chromedriver");
    if (chromium == null || chromedriver == null) {
      String why = "headless Chromium is missing: run scripts/chromium.sh (as root) to install "
          + "Debian's chromium and chromium-driver";
      if ("true".equals(System.getenv("CI"))) {
        throw new IllegalStateException(why);
      }
      Assumptions.abort(why);
    }
    service = new ChromeDriverService.Builder()
        .usingDriverExecutable(new File(chromedriver)).usingAnyFreePort().build();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(chromium);
    options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
        "--disable-gpu", "--window-size=1280,1000", "--lang=en-US",
        "--no-first-run", "--disable-extensions", "--disable-background-networking");
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability(ChromeOptions.LOGGING_PREFS, logs);
    driver = new ChromeDriver(service, options);
    driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
  }

  private static @Nullable String locate(String variable, String fallback) {
    String value = System.getenv(variable);
    String path = value == null || value.isBlank() ? fallback : value;
    return Files.isExecutable(Path.of(path)) ? path : null;
  }

  @AfterAll
  static void stopBrowser() {
    if (driver != null) {
      driver.quit();
    }
    if (service != null) {
      service.stop();
    }
  }

  @AfterEach
  void stop() {
    if (running != null) {
      running.close();
    }
    if (upstream != null) {
      upstream.stop(0);
    }
  }

  private static String canary() {
    return "CANARY" + UUID.randomUUID().toString().replace("-", "");
  }

  @Test
  void anOperatorReviewsPublishesWatchesAndRevokesInTheBrowser() throws Exception {
    ChromeDriver browser = driver;
    upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    upstream.createContext("/", exchange -> {
      upstreamKeys.add(String.valueOf(exchange.getRequestHeaders().getFirst("X-Api-Key")));
      byte[] body = "[{\"name\":\"Rex\"}]".getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    upstream.start();

    // Canaries behind every binding kind's reference: none may reach a page.
    List<String> canaries = new ArrayList<>();
    String petsKey = canary();
    canaries.add(petsKey);
    environment.put("PETS_KEY", petsKey);
    for (AuthKind kind : AuthKind.values()) {
      String value = canary();
      canaries.add(value);
      environment.put("CANARY_" + kind.name(), value);
    }

    Path config = dir.resolve("mcpgate.yaml");
    Files.writeString(config, """
        sources: []
        policy:
          default: allow
        upstream:
          allowLoopback: true
          allowHosts: ["127.0.0.1"]
        store:
          url: jdbc:sqlite:control.db
          poll: PT0.2S
        admin:
          port: 0
        """);
    StringWriter startup = new StringWriter();
    running = ServeCommand.start(config, 0, environment::get, new PrintWriter(startup, true));
    URI admin = running.adminUri();
    Matcher link = Pattern.compile("open once to log in as admin: (\\S+)")
        .matcher(startup.toString());
    assertThat(link.find()).as(startup.toString()).isTrue();
    assertThat(startup.toString()).contains("admin UI: " + admin);

    // A second control plane on the same store, as the CLI in another process would be.
    try (ControlPlane cli = ControlPlane.builder(
        ControlStore.sqlite(dir.resolve("control.db"))).build()) {
      for (AuthKind kind : AuthKind.values()) {
        if (kind != AuthKind.NONE && kind != AuthKind.UNKNOWN) {
          cli.apply(Actor.local(Surface.CLI), new Command.PutBinding(
              dev.mcpgate.api.CredentialBinding.of("canary-" + kind.wireName().toLowerCase(
                  Locale.ROOT), kind, "env:CANARY_" + kind.name()), 0));
        }
      }
      // A key issued elsewhere: the UI lists it and never shows its secret.
      cli.apply(Actor.local(Surface.CLI), new Command.CreateClient("batch", null, null,
          Set.of()));
      cli.apply(Actor.local(Surface.CLI), new Command.CreateProfile("batch", "production"));
      canaries.add(((dev.mcpgate.control.Outcome.Applied<dev.mcpgate.control.IssuedClientKey>)
          cli.apply(Actor.local(Surface.CLI), new Command.IssueKey("batch", "production")))
          .result().secret());

      // 1. Log in with the one-time link serve printed.
      browser.get(link.group(1));
      page("Overview");
      assertThat(browser.findElement(By.cssSelector(".who")).getText())
          .contains("setup-link (admin)");

      // 2. Import a description.
      go(By.linkText("Sources"));
      page("Sources");
      browser.findElement(By.id("sourceId")).sendKeys("pets");
      browser.findElement(By.id("content")).sendKeys(description(
          upstream.getAddress().getPort()));
      go(By.cssSelector("#import button[type=submit]"));

      // 3. Review: evidence, bulk selection by tag, auth mapped to a binding.
      page("Review pets revision 1");
      assertThat(text("review-status")).isEqualTo("pending");
      assertThat(text("operations")).contains("listPets", "getPet", "addPet", "deletePet",
          "destructive");
      assertThat(text("hosts")).contains("http://127.0.0.1:" + upstream.getAddress().getPort());
      assertThat(text("current-binding")).contains("not set");
      browser.findElement(By.cssSelector("[data-select-tag=pets]")).click();
      assertThat(checked()).containsExactly("listPets", "getPet");
      go(By.cssSelector("#selection button[type=submit]"));
      page("Review pets revision 1");
      assertThat(text("main")).contains("selection of pets: 2 tools");
      assertThat(checked()).containsExactlyInAnyOrder("listPets", "getPet");

      assertThat(new Select(browser.findElement(By.id("bn-kind"))).getFirstSelectedOption()
          .getText()).isEqualTo("apiKey");
      browser.findElement(By.id("bn-ref")).sendKeys("env:PETS_KEY");
      go(By.cssSelector("#binding-new button[type=submit]"));
      page("Review pets revision 1");
      assertThat(text("current-binding")).contains("apiKey from reference env:PETS_KEY");

      // 4. Approve with a comment, publish to sandbox, promote to production.
      browser.findElement(By.id("note")).sendKeys("Reads only; key from the environment.");
      go(By.cssSelector("#decision button[value=approve]"));
      page("Review pets revision 1");
      assertThat(text("review-status")).isEqualTo("approved");
      go(By.id("publish-sandbox"));
      page("Review pets revision 1");
      go(By.id("publish-production"));
      page("Review pets revision 1");
      assertThat(text("main")).contains("production: revision 1", "sandbox: revision 1");
      screenshot("review", 2200);

      // 5. A client and its key, shown once.
      go(By.linkText("Clients"));
      page("Clients");
      browser.findElement(By.id("c-id")).sendKeys("agent");
      browser.findElement(By.id("c-name")).sendKeys("Support agent");
      go(By.cssSelector("#client-create button[type=submit]"));
      page("Client agent");
      browser.findElement(By.id("p-name")).sendKeys("production");
      go(By.cssSelector("#profile-create button[type=submit]"));
      page("Client agent");
      go(By.id("issue-production"));
      page("New key for agent");
      String key = browser.findElement(By.id("secret")).getAttribute("value");
      assertThat(key).startsWith("mgk_");
      String keyPage = browser.getPageSource();
      String keyPageSeen = "dom " + browser.getCurrentUrl();
      browser.findElement(By.cssSelector("[data-copy=secret]")).click();
      new WebDriverWait(browser, WAIT).until(d -> !text("main").isEmpty()
          && d.findElement(By.cssSelector("[data-copied]")).getText().equals("Copied."));
      go(By.id("done"));
      page("Client agent");

      // A rule from another surface: agents may list pets but not read one.
      cli.apply(Actor.local(Surface.CLI), new Command.PutRule(new RuleDefinition(
          "agents-list-only", 10, PolicyRule.Effect.DENY, "agents list, they do not read one",
          List.of(), List.of("agent"), List.of(), List.of("getPet"), List.of(), List.of(),
          List.of(), null), 0));

      // 6. The tools as that client sees them, with the policy's explanation.
      go(By.linkText("Tools"));
      page("Tools");
      new Select(browser.findElement(By.id("caller"))).selectByValue("agent");
      new WebDriverWait(browser, WAIT)
          .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
          .until(d -> text("tools-summary").contains("agent sees"));
      fragment("tools?environment=production&caller=agent");
      assertThat(text("tools-summary")).isEqualTo("2 tools in production; agent sees 1.");
      assertThat(text("tools")).contains("getPet", "hidden", "agents-list-only");
      screenshot("tools", 1000);

      // 7. Call a tool through MCP with the key.
      try (McpTestClient client = McpTestClient.builder(running.uri())
          .header("Authorization", "Bearer " + key).build()) {
        client.initialize();
        McpExchange call = client.callTool("listPets", McpTestClient.json("{}"));
        assertThat(call.response().path("result").toString()).contains("Rex");
      }
      assertThat(upstreamKeys).containsExactly(petsKey);

      // 8. Find the call in the audit screen and open it.
      go(By.linkText("Audit"));
      page("Audit");
      browser.findElement(By.id("client")).sendKeys("agent");
      // The audit writer is asynchronous: filter again until the call is stored, as a user would.
      new WebDriverWait(browser, WAIT).pollingEvery(Duration.ofMillis(300))
          .ignoring(org.openqa.selenium.StaleElementReferenceException.class).until(d -> {
        d.findElement(By.cssSelector("#audit-form button[type=submit]")).click();
        return text("audit-results").contains("listPets");
      });
      fragment("audit?client=agent");
      assertThat(browser.getCurrentUrl()).contains("client=agent");
      assertThat(text("audit-results")).contains("tools/call", "ok");
      screenshot("audit", 1000);
      go(By.cssSelector("#audit-results a[href*='audit/calls/']"));
      page(null);
      assertThat(text("call")).contains("listPets", "agent", "pets", "ok", "status 200");

      // 9. Revoke the client after a confirmation; the next call is refused.
      go(By.linkText("Clients"));
      page("Clients");
      go(By.linkText("agent"));
      page("Client agent");
      go(By.linkText("Revoke client…"));
      page("Revoke");
      assertThat(text("confirm")).contains("Revoke client agent?");
      go(By.id("confirm-revoke"));
      page("Client agent");
      assertThat(text("client-state")).isEqualTo("revoked");
      try (McpTestClient client = McpTestClient.builder(running.uri())
          .header("Authorization", "Bearer " + key).build()) {
        assertThatThrownBy(client::initialize).hasMessageContaining("401")
            .hasMessageContaining("invalid token");
      }

      // The overview now shows the source, the tools and the trail.
      go(By.linkText("Overview"));
      page("Overview");
      assertThat(text("sources")).contains("pets", "Pet store");
      screenshot("overview", 1300);
      go(By.linkText("Bindings"));
      page("Bindings");
      screenshot("bindings", 1000);

      // The Content-Security-Policy is in force: an injected inline script does not run.
      Object ran = ((JavascriptExecutor) browser).executeAsyncScript("""
          const done = arguments[arguments.length - 1];
          let violated = false;
          document.addEventListener('securitypolicyviolation', () => { violated = true; });
          const s = document.createElement('script');
          s.textContent = 'window.__inlineRan = true;';
          document.body.appendChild(s);
          setTimeout(() => done([window.__inlineRan === true, violated]), 200);
          """);
      assertThat(ran).isEqualTo(List.of(false, true));

      // No canary in any page or fragment; the new key only on the page that issued it.
      assertThat(seen).isNotEmpty();
      for (Map.Entry<String, String> page : seen.entrySet()) {
        for (String canary : canaries) {
          assertThat(page.getValue()).as(page.getKey()).doesNotContain(canary);
        }
        if (!page.getKey().equals(keyPageSeen)) {
          assertThat(page.getValue()).as(page.getKey()).doesNotContain(key);
        }
      }
      assertThat(keyPage).contains(key);
      assertThat(startup.toString()).doesNotContain(petsKey);
    }
  }

  /**
   * Waits for a page, checks its title, that the browser logged no error, and keeps its HTML
   * (and the same page fetched again over HTTP) for the canary search.
   */
  private void page(@Nullable String title) throws Exception {
    ChromeDriver browser = driver;
    new WebDriverWait(browser, WAIT).until(d -> ((JavascriptExecutor) d)
        .executeScript("return document.readyState").equals("complete"));
    if (title != null) {
      assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo(title);
    }
    List<String> errors = new ArrayList<>();
    for (LogEntry entry : browser.manage().logs().get(LogType.BROWSER).getAll()) {
      if (entry.getLevel().intValue() >= Level.WARNING.intValue()) {
        errors.add(entry.getMessage());
      }
    }
    assertThat(errors).as("browser console on " + browser.getCurrentUrl()).isEmpty();
    seen.put("dom " + browser.getCurrentUrl(), browser.getPageSource());
    String url = browser.getCurrentUrl();
    seen.put("http " + url, fetch(URI.create(url), false));
  }

  /** An htmx fragment of the current session, fetched as htmx fetches it. */
  private void fragment(String path) throws Exception {
    URI uri = running.adminUri().resolve(path);
    String body = fetch(uri, true);
    assertThat(body).doesNotContain("<html");
    seen.put("fragment " + uri, body);
  }

  private String fetch(URI uri, boolean htmx) throws IOException, InterruptedException {
    Cookie session = driver.manage().getCookieNamed("mcpgate_ui");
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).GET();
    if (session != null) {
      request.header("Cookie", "mcpgate_ui=" + session.getValue());
    }
    if (htmx) {
      request.header("HX-Request", "true");
    }
    HttpResponse<String> response = HttpClient.newHttpClient().send(request.build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.headers().firstValue("Content-Security-Policy")).isPresent();
    return response.body();
  }

  /** Clicks something that loads a new page, and waits until the old one is gone. */
  private void go(By by) {
    WebElement old = driver.findElement(By.tagName("html"));
    driver.findElement(by).click();
    new WebDriverWait(driver, WAIT).until(d -> gone(old));
  }

  /**
   * Whether an element has left the document: stale, or, as Chromium sometimes answers while the
   * next page is replacing it, a node that "does not belong to the document".
   */
  private static boolean gone(WebElement element) {
    try {
      element.isEnabled();
      return false;
    } catch (StaleElementReferenceException stale) {
      return true;
    } catch (WebDriverException e) {
      if (String.valueOf(e.getMessage()).contains("does not belong to the document")) {
        return true;
      }
      throw e;
    }
  }

  private String text(String id) {
    WebElement element = id.equals("main") ? driver.findElement(By.tagName("main"))
        : driver.findElement(By.id(id));
    return element.getText().strip();
  }

  private List<String> checked() {
    Set<String> tools = new LinkedHashSet<>();
    for (WebElement box : driver.findElements(By.cssSelector("#operations input[name=tool]"))) {
      if (box.isSelected()) {
        tools.add(box.getAttribute("value"));
      }
    }
    return List.copyOf(tools);
  }

  private void screenshot(String name, int height) throws IOException {
    ChromeDriver browser = driver;
    browser.manage().window().setSize(new org.openqa.selenium.Dimension(1280, height));
    byte[] png = browser.getScreenshotAs(OutputType.BYTES);
    browser.manage().window().setSize(new org.openqa.selenium.Dimension(1280, 1000));
    Path target = Files.createDirectories(Path.of("target", "ui-screenshots"))
        .resolve(name + ".png");
    Files.write(target, png);
    String docs = System.getProperty("mcpgate.ui.screenshots");
    if (docs != null && !docs.isBlank()) {
      Path dir = Files.createDirectories(Path.of(docs));
      Files.copy(target, dir.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
