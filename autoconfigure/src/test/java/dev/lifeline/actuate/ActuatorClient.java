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

package dev.lifeline.actuate;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.jayway.jsonpath.JsonPath;

import org.springframework.core.env.Environment;

/**
 * A minimal HTTP client for the actuator endpoints of a running test application,
 * imported as a bean by {@link LifelineActuatorTest @LifelineActuatorTest}.
 */
public final class ActuatorClient {

	private static final HttpClient httpClient = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final Environment environment;

	public ActuatorClient(Environment environment) {
		this.environment = environment;
	}

	public Response get(String path) {
		return send(request(path).GET().build());
	}

	public Response delete(String path) {
		return send(request(path).DELETE().build());
	}

	/**
	 * Return the status of the {@code websocket} health contributor.
	 */
	public String healthStatus() {
		return get("/actuator/health").read("$.components.websocket.status");
	}

	private HttpRequest.Builder request(String path) {
		String port = this.environment.getRequiredProperty("local.server.port");
		return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(10));
	}

	private Response send(HttpRequest request) {
		try {
			HttpResponse<String> response = httpClient.send(request, HttpResponse.BodyHandlers.ofString());
			return new Response(response.statusCode(), response.body());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * An HTTP response.
	 */
	public record Response(int status, String body) {

		public <T> T read(String jsonPath) {
			return JsonPath.read(this.body, jsonPath);
		}

	}

}
