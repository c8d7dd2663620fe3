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

package dev.lifeline.cluster;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.jayway.jsonpath.JsonPath;
import dev.lifeline.server.WebSocketSessions;
import dev.lifeline.test.RedisServerProcess;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Instances of the {@link ClusterTestApplication} sharing one test Redis, each on a
 * random port with its actuator exposed.
 */
final class ClusterNodes implements AutoCloseable {

	private static final HttpClient httpClient = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final RedisServerProcess redis;

	private final String prefix;

	private final List<ConfigurableApplicationContext> contexts = new ArrayList<>();

	ClusterNodes(RedisServerProcess redis, String prefix) {
		this.redis = redis;
		this.prefix = prefix;
	}

	ConfigurableApplicationContext start(String nodeId, String... properties) {
		ConfigurableApplicationContext context = new SpringApplicationBuilder(ClusterTestApplication.class)
			.properties("server.port=0", "spring.data.redis.port=" + this.redis.port(),
					"spring.data.redis.host=127.0.0.1", "lifeline.cluster.enabled=true",
					"lifeline.cluster.node-id=" + nodeId, "lifeline.cluster.prefix=" + this.prefix,
					"lifeline.cluster.directory-ttl=3s", "lifeline.cluster.command-timeout=500ms",
					"management.endpoints.web.exposure.include=health,websocket,metrics",
					"management.endpoint.health.show-details=always")
			.properties(properties)
			.run();
		this.contexts.add(context);
		return context;
	}

	static int port(ConfigurableApplicationContext context) {
		return ((WebServerApplicationContext) context).getWebServer().getPort();
	}

	static WebSocketSessions sessions(ConfigurableApplicationContext context) {
		return context.getBean(WebSocketSessions.class);
	}

	static String onlySessionId(ConfigurableApplicationContext context) {
		return sessions(context).stream().findFirst().orElseThrow().getId();
	}

	static Object read(ConfigurableApplicationContext context, String path, String jsonPath) {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port(context) + path))
			.timeout(Duration.ofSeconds(10))
			.build();
		try {
			return JsonPath.read(httpClient.send(request, HttpResponse.BodyHandlers.ofString()).body(), jsonPath);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	static String clusterHealth(ConfigurableApplicationContext context) {
		return (String) read(context, "/actuator/health", "$.components.websocketCluster.status");
	}

	@Override
	public void close() {
		this.contexts.forEach(ConfigurableApplicationContext::close);
	}

}
