package dev.onceport.sdk;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;

/**
 * What tools/gateway-fixture gives the suite: a real gateway (ONCEPORT_ADDRESS) on a real
 * broker (ONCEPORT_BROKERS), and a helper that creates topics (ONCEPORT_TEST_HELPER).
 */
final class TestEnvironment {
  private static final Pattern TOPIC = Pattern.compile("\"topic\"\\s*:\\s*\"([^\"]+)\"");

  private TestEnvironment() {}

  static String require(String name) {
    String value = System.getenv(name);
    Assumptions.assumeTrue(
        value != null && !value.isEmpty(), name + " is not set: run the suite through `npm test` (tools/gateway-fixture)");
    return value;
  }

  static String address() {
    return require("ONCEPORT_ADDRESS");
  }

  static String brokers() {
    return require("ONCEPORT_BROKERS");
  }

  /** A client id no other test or run uses: client ids name Kafka transactional ids. */
  static String uniqueClientId() {
    String run = System.getenv().getOrDefault("ONCEPORT_TEST_RUN_ID", "java");
    return run + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  static String createTopic(int partitions) throws IOException, InterruptedException {
    var request =
        HttpRequest.newBuilder(URI.create(require("ONCEPORT_TEST_HELPER") + "/topics?prefix=java&partitions=" + partitions))
            .POST(HttpRequest.BodyPublishers.noBody())
            .build();
    String body = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString()).body();
    Matcher matcher = TOPIC.matcher(body);
    if (!matcher.find()) throw new IllegalStateException("creating a topic failed: " + body);
    return matcher.group(1);
  }
}
