/*
 * Copyright 2026-present the original author or authors.
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *      https://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */

package dev.lifeline.sample;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import dev.lifeline.server.CloseCause;
import dev.lifeline.server.RejectionReason;
import dev.lifeline.server.WebSocketSessions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Runs a real Prometheus against the sample app and checks through Prometheus's HTTP API
 * that every metric the Grafana dashboard and the alert rules in
 * {@code docs/observability} use exists with the labels they select and group by, that
 * every dashboard query evaluates to data, and that every alert rule evaluates without
 * error.
 * <p>
 * The cluster is enabled against a Redis port nobody listens on, so that its meters exist
 * and a broadcast counts a publish failure, which the alert rule then sees.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = { "lifeline.heartbeat.interval=500ms",
		"lifeline.heartbeat.timeout=2s", "lifeline.cluster.enabled=true", "lifeline.cluster.command-timeout=300ms" })
class PrometheusScrapeTests {

	private static final Path DASHBOARD = AlertRulesTests.DOCS.resolve("lifeline-dashboard.json");

	private static final Path ALERTS = AlertRulesTests.DOCS.resolve("lifeline-alerts.yml");

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private static final Pattern METRIC = Pattern.compile("\\bwebsocket_[a-z_]+");

	/**
	 * Every metric the dashboard and the alerts may use, with the labels they need.
	 */
	private static final Map<String, List<String>> LABELS = Map.ofEntries(
			Map.entry("websocket_sessions_active", List.of()), Map.entry("websocket_sessions_limit", List.of()),
			Map.entry("websocket_sessions_opened_total", List.of()),
			Map.entry("websocket_sessions_closed_total", List.of("cause")),
			Map.entry("websocket_session_duration_seconds_count", List.of("cause")),
			Map.entry("websocket_session_duration_seconds_sum", List.of("cause")),
			Map.entry("websocket_handshakes_rejected_total", List.of("reason")),
			Map.entry("websocket_heartbeat_pings_total", List.of()),
			Map.entry("websocket_heartbeat_rtt_seconds_bucket", List.of("le")),
			Map.entry("websocket_heartbeat_rtt_seconds_max", List.of()),
			Map.entry("websocket_messages_received_total", List.of("type")),
			Map.entry("websocket_messages_sent_total", List.of("type")),
			Map.entry("websocket_cluster_messages_published_total", List.of()),
			Map.entry("websocket_cluster_messages_received_total", List.of()),
			Map.entry("websocket_cluster_publish_failures_total", List.of()),
			Map.entry("websocket_send_queued_bytes", List.of()),
			Map.entry("websocket_messages_dropped_total", List.of()),
			Map.entry("websocket_stomp_frames_total", List.of("command")),
			Map.entry("websocket_stomp_subscriptions", List.of()),
			Map.entry("websocket_stomp_channel_queued_tasks", List.of("channel")),
			Map.entry("websocket_stomp_channel_active_threads", List.of("channel")));

	/**
	 * Values every series of a label must cover: a dashboard shows a zero rather than a
	 * missing series.
	 */
	private static final Map<String, Set<String>> LABEL_VALUES = Map.of("cause", names(CloseCause.values()), "reason",
			names(RejectionReason.values()), "type", Set.of("text", "binary"), "command",
			Set.of("CONNECT", "CONNECTED", "DISCONNECT"), "channel", Set.of("inbound", "outbound"));

	@LocalServerPort
	int port;

	@Autowired
	WebSocketSessions sessions;

	@TempDir
	Path directory;

	private final JsonMapper jsonMapper = new JsonMapper();

	@DynamicPropertySource
	static void unreachableRedis(DynamicPropertyRegistry registry) throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			int port = socket.getLocalPort();
			registry.add("spring.data.redis.port", () -> port);
		}
	}

	@BeforeAll
	static void requirePrometheus() {
		PrometheusProcess.requireInstalled();
	}

	@Test
	void everyMetricOfTheDashboardAndTheAlertsIsScrapedWithItsLabels() throws Exception {
		WebSocket client = HttpClient.newHttpClient()
			.newWebSocketBuilder()
			.buildAsync(URI.create("ws://localhost:" + this.port + "/ws"), new WebSocket.Listener() {
			})
			.join();
		await().atMost(TIMEOUT)
			.until(() -> this.sessions.stream().anyMatch((session) -> session.getLastPongAt() != null));
		try (PrometheusProcess prometheus = PrometheusProcess.start(this.directory, "localhost:" + this.port,
				List.of(ALERTS))) {
			String job = "{job=\"" + PrometheusProcess.JOB + "\"}";
			await("first scrapes").atMost(TIMEOUT)
				.until(() -> prometheus.query("count_over_time(websocket_heartbeat_rtt_seconds_count" + job + "[1m])")
					.path(0)
					.path("value")
					.path(1)
					.asDouble() >= 2);
			client.sendText("a publish that fails: Redis is not there", true).join();
			client.sendClose(WebSocket.NORMAL_CLOSURE, "done").join();

			Set<String> used = usedMetrics();
			assertThat(LABELS).as("metrics the dashboard and the alerts use").containsKeys(used.toArray(String[]::new));
			for (String metric : used) {
				JsonNode series = prometheus.series(metric + job);
				assertThat(series.size()).as("series of %s", metric).isPositive();
				for (String label : LABELS.get(metric)) {
					Set<String> values = new TreeSet<>();
					series.forEach((labels) -> values.add(labels.path(label).asString("")));
					assertThat(values).as("values of %s in %s", label, metric).doesNotContain("");
					assertThat(values).as("values of %s in %s", label, metric)
						.containsAll(LABEL_VALUES.getOrDefault(label, Set.of()));
				}
			}
			for (String expr : dashboardQueries()) {
				String query = expr.replace("$__rate_interval", "1m").replace("$job", ".*").replace("$instance", ".*");
				await("data for " + query).atMost(TIMEOUT).until(() -> !prometheus.query(query).isEmpty());
			}
			await("every alert rule evaluated").atMost(TIMEOUT).untilAsserted(() -> {
				JsonNode rules = prometheus.get("/api/v1/rules?type=alert")
					.get("data")
					.get("groups")
					.get(0)
					.get("rules");
				assertThat(rules.size()).isEqualTo(5);
				rules.forEach((rule) -> assertThat(rule.path("health").asString()).as(rule.path("name").asString())
					.isEqualTo("ok"));
			});
			await("the publish failure seen by its alert").atMost(TIMEOUT)
				.until(() -> !prometheus.query("ALERTS{alertname=\"LifelineClusterPublishFailures\"}").isEmpty());
		}
	}

	private Set<String> usedMetrics() throws IOException {
		Set<String> used = new TreeSet<>();
		for (String text : List.of(Files.readString(DASHBOARD), Files.readString(ALERTS))) {
			Matcher matcher = METRIC.matcher(text);
			while (matcher.find()) {
				used.add(matcher.group());
			}
		}
		return used;
	}

	private List<String> dashboardQueries() throws IOException {
		JsonNode dashboard = this.jsonMapper.readTree(DASHBOARD.toFile());
		List<String> queries = new ArrayList<>();
		dashboard.get("panels")
			.forEach((panel) -> panel.path("targets").forEach((target) -> queries.add(target.get("expr").asString())));
		assertThat(queries).hasSizeGreaterThan(10);
		return queries;
	}

	private static Set<String> names(Enum<?>[] values) {
		return Stream.of(values).map(Enum::name).collect(Collectors.toSet());
	}

}
