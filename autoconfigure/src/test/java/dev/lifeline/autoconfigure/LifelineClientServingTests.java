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

package dev.lifeline.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import dev.lifeline.test.LifelineServerTest;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The starter serves {@code lifeline.js} over a real port as a cacheable JavaScript
 * module: browsers keep it for the configured time, then revalidate it with its ETag or
 * its last modification time and get a {@code 304} while it has not changed.
 */
@LifelineServerTest(properties = "lifeline.client.cache-max-age=10m")
class LifelineClientServingTests {

	private final HttpClient client = HttpClient.newHttpClient();

	@LocalServerPort
	private int port;

	@Test
	void servesTheClientWithCachingHeaders() throws Exception {
		HttpResponse<String> response = get(request());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("text/javascript"));
		assertThat(response.headers().firstValue("Cache-Control")).hasValue("max-age=600, public");
		assertThat(response.headers().firstValue("ETag"))
			.hasValueSatisfying((etag) -> assertThat(etag).matches("\"[0-9a-f]{32}\""));
		assertThat(response.headers().firstValue("Last-Modified")).isPresent();
		assertThat(response.body()).isEqualTo(classpathClient()).contains("export class Lifeline");
	}

	@Test
	void answersRevalidationWithNotModified() throws Exception {
		HttpResponse<String> first = get(request());
		String etag = first.headers().firstValue("ETag").orElseThrow();
		String lastModified = first.headers().firstValue("Last-Modified").orElseThrow();

		HttpResponse<String> byEtag = get(request().header("If-None-Match", etag));
		assertThat(byEtag.statusCode()).isEqualTo(304);
		assertThat(byEtag.body()).isEmpty();
		assertThat(byEtag.headers().firstValue("ETag")).hasValue(etag);

		HttpResponse<String> byDate = get(request().header("If-Modified-Since", lastModified));
		assertThat(byDate.statusCode()).isEqualTo(304);

		HttpResponse<String> otherEtag = get(request().header("If-None-Match", "\"something-else\""));
		assertThat(otherEtag.statusCode()).isEqualTo(200);
	}

	@Test
	void servesNothingElseUnderItsPath() throws Exception {
		HttpResponse<String> response = get(HttpRequest.newBuilder(URI.create(url("/lifeline/other.js"))));
		assertThat(response.statusCode()).isEqualTo(404);
	}

	private HttpRequest.Builder request() {
		return HttpRequest.newBuilder(URI.create(url("/lifeline/lifeline.js")));
	}

	private String url(String path) {
		return "http://localhost:" + this.port + path;
	}

	private HttpResponse<String> get(HttpRequest.Builder request) throws IOException, InterruptedException {
		return this.client.send(request.GET().build(), HttpResponse.BodyHandlers.ofString());
	}

	private static String classpathClient() throws IOException {
		try (InputStream in = LifelineClientServingTests.class
			.getResourceAsStream("/META-INF/lifeline/client/lifeline.js")) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
	}

}
