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
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The README's "Using it" section takes a user from an empty project to a working
 * endpoint: its Java class compiles against the starter, and run with its
 * {@code application.properties} (and nothing of this sample's configuration) it
 * broadcasts what a client sends and exposes {@code /actuator/websocket}.
 */
class ReadmeTests {

	private static final Path README = Path.of("..", "README.md");

	@TempDir
	private Path work;

	@Test
	void usingItSnippetRunsAsWritten() throws Exception {
		String section = section(Files.readString(README), "## Using it");
		String source = block(section, "java");
		String properties = block(section, "properties");
		Matcher name = Pattern.compile("package ([\\w.]+);[\\s\\S]*?public class (\\w+)").matcher(source);
		assertThat(name.find()).as("package and public class in the README's Java block").isTrue();
		String className = name.group(1) + "." + name.group(2);
		Path sourceFile = this.work.resolve("src").resolve(className.replace('.', '/') + ".java");
		Files.createDirectories(sourceFile.getParent());
		Files.writeString(sourceFile, source);
		Path classes = Files.createDirectories(this.work.resolve("classes"));
		JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
		int result = compiler.run(null, null, null, "-proc:none", "-Xlint:all", "-Werror", "-d", classes.toString(),
				"-cp", System.getProperty("java.class.path"), sourceFile.toString());
		assertThat(result).as("javac exit code for the README's Java block").isZero();
		Path config = this.work.resolve("application.properties");
		Files.writeString(config, properties);
		ClassLoader previous = Thread.currentThread().getContextClassLoader();
		try (URLClassLoader classLoader = new URLClassLoader(new URL[] { classes.toUri().toURL() },
				getClass().getClassLoader())) {
			Thread.currentThread().setContextClassLoader(classLoader);
			SpringApplication application = new SpringApplication(classLoader.loadClass(className));
			try (ConfigurableApplicationContext context = application.run("--server.port=0",
					"--spring.config.location=file:" + config, "--spring.main.banner-mode=off")) {
				int port = ((WebServerApplicationContext) context).getWebServer().getPort();
				assertBroadcastsAndShowsTheEndpoint(port);
			}
		}
		finally {
			Thread.currentThread().setContextClassLoader(previous);
		}
	}

	private void assertBroadcastsAndShowsTheEndpoint(int port) throws IOException, InterruptedException {
		HttpClient client = HttpClient.newHttpClient();
		List<String> received = new CopyOnWriteArrayList<>();
		WebSocket webSocket = client.newWebSocketBuilder()
			.buildAsync(URI.create("ws://localhost:" + port + "/ws"), new WebSocket.Listener() {

				@Override
				public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
					received.add(data.toString());
					webSocket.request(1);
					return null;
				}

			})
			.join();
		try {
			webSocket.sendText("hello from the README", true).join();
			await().atMost(Duration.ofSeconds(5)).until(() -> received.contains("hello from the README"));
			HttpResponse<String> response = client.send(
					HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/websocket")).build(),
					HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(response.body()).contains("\"path\":\"/ws\"", "\"sessions\":[{");
		}
		finally {
			webSocket.abort();
		}
	}

	private static String section(String markdown, String heading) {
		int start = markdown.indexOf("\n" + heading + "\n");
		assertThat(start).as("README section %s", heading).isNotNegative();
		int end = markdown.indexOf("\n## ", start + heading.length() + 1);
		return markdown.substring(start, (end != -1) ? end : markdown.length());
	}

	private static String block(String markdown, String language) {
		Matcher matcher = Pattern.compile("```" + language + "\n([\\s\\S]*?)```").matcher(markdown);
		assertThat(matcher.find()).as("a %s block", language).isTrue();
		return matcher.group(1);
	}

}
