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
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A Prometheus server of the test's own, from Debian's {@code prometheus} package, on a
 * free loopback port with its data in a temporary directory, scraping one target every
 * second and evaluating the given rule files. Its HTTP API answers the test's queries.
 */
final class PrometheusProcess implements AutoCloseable {

	static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");

	static final Path PROMTOOL = Path.of("/usr/bin/promtool");

	/**
	 * Name of the scrape job.
	 */
	static final String JOB = "lifeline-sample";

	private static final HttpClient httpClient = HttpClient.newHttpClient();

	private final Process process;

	private final int port;

	private final Path log;

	private final JsonMapper jsonMapper = new JsonMapper();

	private PrometheusProcess(Process process, int port, Path log) {
		this.process = process;
		this.port = port;
		this.log = log;
	}

	/**
	 * Skip the calling test when {@code prometheus} and {@code promtool} are not
	 * installed, or fail it when the environment variable {@code CI} is {@code true},
	 * where every test must run.
	 */
	static void requireInstalled() {
		Programs.assumeInstalled(Files.isExecutable(PROMETHEUS) && Files.isExecutable(PROMTOOL),
				PROMETHEUS + " or " + PROMTOOL + " is missing. Install them with: apt-get install prometheus");
	}

	/**
	 * Start a server that scrapes {@code /actuator/prometheus} of the given target and
	 * wait until it is ready.
	 * @param directory where to keep its configuration, data and log
	 * @param target the {@code host:port} to scrape
	 * @param ruleFiles rule files to evaluate
	 * @return the running server
	 */
	static PrometheusProcess start(Path directory, String target, List<Path> ruleFiles) throws IOException {
		int port = freePort();
		Path config = directory.resolve("prometheus.yml");
		String rules = ruleFiles.stream()
			.map((file) -> "  - '" + file.toAbsolutePath().normalize() + "'\n")
			.collect(Collectors.joining());
		Files.writeString(config, """
				global:
				  scrape_interval: 1s
				  evaluation_interval: 1s
				rule_files:
				%s
				scrape_configs:
				  - job_name: %s
				    metrics_path: /actuator/prometheus
				    static_configs:
				      - targets: ['%s']
				""".formatted(rules, JOB, target));
		Path log = directory.resolve("prometheus.log");
		Process process = new ProcessBuilder(PROMETHEUS.toString(), "--config.file=" + config,
				"--storage.tsdb.path=" + directory.resolve("data"), "--web.listen-address=127.0.0.1:" + port)
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		PrometheusProcess prometheus = new PrometheusProcess(process, port, log);
		await("prometheus ready").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
			assertThat(process.isAlive()).as("prometheus is running; its log:%n%s", prometheus.log()).isTrue();
			return prometheus.status("/-/ready") == 200;
		});
		return prometheus;
	}

	/**
	 * Evaluate an instant query.
	 * @param promql the query
	 * @return the {@code data.result} array
	 */
	JsonNode query(String promql) throws Exception {
		return get("/api/v1/query?query=" + encode(promql)).get("data").get("result");
	}

	/**
	 * Find the series that match a selector.
	 * @param selector the series selector
	 * @return the label sets of the matching series
	 */
	JsonNode series(String selector) throws Exception {
		return get("/api/v1/series?match[]=" + encode(selector)).get("data");
	}

	/**
	 * Call the HTTP API and check that it succeeded.
	 * @param path the path and query
	 * @return the response's JSON
	 */
	JsonNode get(String path) throws Exception {
		HttpResponse<String> response = httpClient.send(HttpRequest.newBuilder(uri(path)).build(),
				HttpResponse.BodyHandlers.ofString());
		JsonNode json = this.jsonMapper.readTree(response.body());
		assertThat(json.path("status").asString()).as("%s answered %s", path, response.body()).isEqualTo("success");
		return json;
	}

	private int status(String path) {
		try {
			return httpClient.send(HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.discarding())
				.statusCode();
		}
		catch (IOException ex) {
			return 0;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return 0;
		}
	}

	private URI uri(String path) {
		return URI.create("http://127.0.0.1:" + this.port + path);
	}

	String log() throws IOException {
		return Files.readString(this.log);
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	@Override
	public void close() throws InterruptedException {
		this.process.destroy();
		if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
			this.process.destroyForcibly();
			this.process.waitFor(10, TimeUnit.SECONDS);
		}
	}

}
