package dev.mcpgate.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Script, run, verify: the fake upstream answers as told and records what it received. */
class FakeUpstreamTest {

  private final FakeUpstream upstream = FakeUpstream.start();
  private final HttpClient http = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(2)).version(HttpClient.Version.HTTP_1_1).build();

  @AfterEach
  void stop() {
    upstream.close();
  }

  private HttpResponse<String> get(String pathAndQuery) throws Exception {
    return http.send(HttpRequest.newBuilder(upstream.url(pathAndQuery))
        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void scriptedAnswersAreServedInOrderThenTheDefault() throws Exception {
    upstream.enqueue(FakeUpstream.Answer.json(201, "{\"id\":1}").withHeader("X-Trace", "t1"))
        .enqueue(FakeUpstream.Answer.text(404, "no such order"));

    HttpResponse<String> first = get("/a");
    HttpResponse<String> second = get("/b");
    HttpResponse<String> third = get("/c");

    assertThat(first.statusCode()).isEqualTo(201);
    assertThat(first.body()).isEqualTo("{\"id\":1}");
    assertThat(first.headers().firstValue("x-trace")).hasValue("t1");
    assertThat(first.headers().firstValue("content-type")).hasValue("application/json");
    assertThat(second.statusCode()).isEqualTo(404);
    assertThat(second.body()).isEqualTo("no such order");
    assertThat(third.statusCode()).isEqualTo(200);
    assertThat(third.body()).isEqualTo("{}");
  }

  @Test
  void aRequestIsRecordedWithRawPathRawQueryHeadersAndBody() throws Exception {
    http.send(HttpRequest.newBuilder(upstream.url("/v1/orders/a%2Fb?q=x%20y&flag"))
        .header("X-Api-Key", "k-123")
        .header("Accept", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[] {1, 2, 3}))
        .build(), HttpResponse.BodyHandlers.discarding());

    FakeUpstream.RecordedRequest request = upstream.takeRequest();
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.path()).isEqualTo("/v1/orders/a%2Fb");
    assertThat(request.query()).isEqualTo("q=x%20y&flag");
    assertThat(request.target()).isEqualTo("/v1/orders/a%2Fb?q=x%20y&flag");
    assertThat(request.header("x-api-key")).hasValue("k-123");
    assertThat(request.header("X-API-KEY")).hasValue("k-123");
    assertThat(request.headerValues("accept")).containsExactly("application/json");
    assertThat(request.body()).containsExactly(1, 2, 3);
    assertThat(request.clientCertificate()).isNull();
    assertThat(request.contains("k-123")).isTrue();
    assertThat(request.contains("x%20y")).isTrue();
    assertThat(request.contains("absent")).isFalse();
    assertThat(request.toString()).doesNotContain("k-123");
    assertThat(upstream.onlyRequest()).isEqualTo(request);
  }

  @Test
  void aRequestWithoutQueryOrBodyRecordsNullAndEmpty() throws Exception {
    get("/plain");

    FakeUpstream.RecordedRequest request = upstream.onlyRequest();
    assertThat(request.query()).isNull();
    assertThat(request.body()).isEmpty();
    assertThat(request.bodyText()).isEmpty();
    assertThat(request.header("X-Missing")).isEmpty();
  }

  @Test
  void aResponderSeesTheRequestOnceTheScriptIsUsedUp() throws Exception {
    upstream.enqueue(FakeUpstream.Answer.status(204));
    upstream.otherwise(request ->
        FakeUpstream.Answer.text(500, "you sent " + request.header("X-Echo").orElse("nothing")));

    assertThat(get("/one").statusCode()).isEqualTo(204);
    HttpResponse<String> echoed = http.send(HttpRequest.newBuilder(upstream.url("/two"))
        .header("X-Echo", "hello").build(), HttpResponse.BodyHandlers.ofString());

    assertThat(echoed.statusCode()).isEqualTo(500);
    assertThat(echoed.body()).isEqualTo("you sent hello");
    assertThat(upstream.requests()).extracting(FakeUpstream.RecordedRequest::sequence)
        .containsExactly(0, 1);
  }

  @Test
  void aHangingAnswerIsRecordedAtOnceAndAnsweredLate() throws Exception {
    upstream.enqueue(FakeUpstream.Answer.json(200, "{}").hang(Duration.ofSeconds(5)));

    long started = System.nanoTime();
    assertThatThrownBy(() -> http.send(HttpRequest.newBuilder(upstream.url("/slow"))
        .timeout(Duration.ofMillis(200)).build(), HttpResponse.BodyHandlers.ofString()))
        .isInstanceOf(HttpTimeoutException.class);

    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
    assertThat(upstream.takeRequest().path()).isEqualTo("/slow");
  }

  @Test
  void closeEndsAHangingAnswerAtOnce() throws Exception {
    FakeUpstream hanging = FakeUpstream.start();
    hanging.enqueue(FakeUpstream.Answer.status(200).hang(Duration.ofMinutes(1)));
    ExecutorService caller = Executors.newSingleThreadExecutor();
    try {
      Future<Integer> status = caller.submit(() -> http.send(
          HttpRequest.newBuilder(hanging.url("/stuck")).build(),
          HttpResponse.BodyHandlers.discarding()).statusCode());
      hanging.takeRequest();

      long started = System.nanoTime();
      hanging.close();

      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
      assertThatThrownBy(() -> status.get(5, java.util.concurrent.TimeUnit.SECONDS))
          .hasCauseInstanceOf(IOException.class);
    } finally {
      caller.shutdownNow();
    }
  }

  @Test
  void closeWithoutAnswerDropsTheConnectionBeforeAStatusLine() throws Exception {
    upstream.enqueue(FakeUpstream.Answer.closeWithoutAnswer());

    // A raw socket, because java.net.http retries a GET once on a dropped connection.
    try (Socket socket = new Socket(upstream.url().getHost(), upstream.port())) {
      socket.setSoTimeout(5_000);
      socket.getOutputStream().write(
          "GET /gone HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      assertThat(socket.getInputStream().readAllBytes()).isEmpty();
    }
    assertThat(upstream.onlyRequest().path()).isEqualTo("/gone");
  }

  @Test
  void aCutAnswerAnnouncesTheWholeBodyButBreaksOffEarly() throws Exception {
    upstream.enqueue(FakeUpstream.Answer.filler(200, 100_000).cutAfter(1_000));

    HttpResponse<InputStream> response = http.send(
        HttpRequest.newBuilder(upstream.url("/partial")).build(),
        HttpResponse.BodyHandlers.ofInputStream());

    assertThat(response.headers().firstValueAsLong("content-length")).hasValue(100_000);
    try (InputStream in = response.body()) {
      assertThatThrownBy(in::readAllBytes).isInstanceOf(IOException.class);
    }
  }

  @Test
  void aFillerAnswerStreamsTheRequestedNumberOfBytes() throws Exception {
    long tenMegabytes = 10L * 1024 * 1024;
    upstream.enqueue(FakeUpstream.Answer.filler(200, tenMegabytes));

    HttpResponse<InputStream> response = http.send(
        HttpRequest.newBuilder(upstream.url("/big")).build(),
        HttpResponse.BodyHandlers.ofInputStream());

    long total = 0;
    byte[] buffer = new byte[64 * 1024];
    try (InputStream in = response.body()) {
      for (int n; (n = in.read(buffer)) != -1; ) {
        total += n;
      }
    }
    assertThat(total).isEqualTo(tenMegabytes);
    assertThat(buffer[0]).isEqualTo((byte) 'x');
  }

  @Test
  void requestsArrivingConcurrentlyAreAllRecordedAndEachTakesOneScriptedAnswer()
      throws Exception {
    int count = 16;
    for (int i = 0; i < count; i++) {
      upstream.enqueue(FakeUpstream.Answer.text(200, "answer"));
    }
    ExecutorService callers = Executors.newFixedThreadPool(8);
    try {
      List<Callable<Integer>> calls = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        String path = "/c/" + i;
        calls.add(() -> get(path).statusCode());
      }
      for (Future<Integer> status : callers.invokeAll(calls)) {
        assertThat(status.get()).isEqualTo(200);
      }
    } finally {
      callers.shutdownNow();
    }
    assertThat(upstream.requestCount()).isEqualTo(count);
    assertThat(upstream.requests()).extracting(FakeUpstream.RecordedRequest::path)
        .hasSize(count).doesNotHaveDuplicates();
    assertThat(get("/after").body()).isEqualTo("{}");
  }

  @Test
  void takeRequestWaitsOnlyAsLongAsItIsTold() {
    assertThat(upstream.takeRequest(Duration.ofMillis(50))).isEmpty();
  }

  @Test
  void badScriptsAreRefusedWhenWritten() {
    assertThatThrownBy(() -> FakeUpstream.Answer.status(99))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> FakeUpstream.Answer.status(200).withHeader("X", "a\r\nb"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> FakeUpstream.Answer.filler(200, -1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> FakeUpstream.builder().requireClientCertificate(true).start())
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> upstream.url("no-slash"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theUrlIsALoopbackLiteral() {
    URI url = upstream.url();
    assertThat(url.getScheme()).isEqualTo("http");
    assertThat(url.getHost()).isIn("127.0.0.1", "[::1]");
    assertThat(url.getPort()).isEqualTo(upstream.port());
  }

  @Test
  void aResponderThatThrowsIsAnswered500NamingTheFailure() throws Exception {
    upstream.otherwise(request -> {
      throw new IllegalStateException("no route for " + request.path());
    });

    HttpResponse<String> response = get("/nowhere");

    assertThat(response.statusCode()).isEqualTo(500);
    assertThat(response.body()).contains("IllegalStateException", "no route for /nowhere");
  }
}
