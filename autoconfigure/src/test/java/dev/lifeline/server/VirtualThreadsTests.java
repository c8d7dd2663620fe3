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

package dev.lifeline.server;

import java.lang.reflect.Method;
import java.time.Duration;

import dev.lifeline.test.JdkWebSocketClient;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.TextWebSocketHandler;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The application's handler runs on the container's threads, virtual ones when
 * {@code spring.threads.virtual.enabled} is set on Java 21 or newer. The
 * {@code virtual-threads} Maven profile runs the real-port tests with that property and
 * sets {@code lifeline.test.virtual-threads=required}, so that this test fails when the
 * property did not take effect (an older JVM, a property that did not reach the
 * application) instead of passing on platform threads.
 */
@SpringBootTest(classes = VirtualThreadsTests.ThreadReportingApplication.class,
		webEnvironment = WebEnvironment.RANDOM_PORT)
class VirtualThreadsTests {

	private static final String REQUIRED = "lifeline.test.virtual-threads";

	@LocalServerPort
	int port;

	@Autowired
	Environment environment;

	@Test
	void handlerRunsOnVirtualThreadsWhenTheyAreEnabled() throws Exception {
		boolean required = "required".equals(System.getProperty(REQUIRED));
		if (required) {
			assertThat(Runtime.version().feature()).as("Java version of the virtual-threads suite (needs 21 or newer)")
				.isGreaterThanOrEqualTo(21);
			assertThat(this.environment.getProperty("spring.threads.virtual.enabled", Boolean.class))
				.as("spring.threads.virtual.enabled")
				.isTrue();
		}
		boolean expected = Runtime.version().feature() >= 21
				&& this.environment.getProperty("spring.threads.virtual.enabled", Boolean.class, false);
		try (JdkWebSocketClient client = JdkWebSocketClient.connect(this.port, "/ws")) {
			client.send("which thread?");
			String reply = client.nextText(Duration.ofSeconds(10));
			assertThat(reply).as("thread that handled the message").startsWith(expected ? "virtual " : "platform ");
		}
	}

	static boolean isVirtual(Thread thread) {
		try {
			Method isVirtual = Thread.class.getMethod("isVirtual");
			return (boolean) isVirtual.invoke(thread);
		}
		catch (NoSuchMethodException ex) {
			return false;
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class ThreadReportingApplication {

		@Bean
		ThreadReportingHandler threadReportingHandler() {
			return new ThreadReportingHandler();
		}

	}

	/**
	 * Answers every text with the kind and name of the thread that handled it.
	 */
	static class ThreadReportingHandler extends TextWebSocketHandler {

		@Override
		protected void handleTextMessage(WebSocketSession session, TextMessage message) throws Exception {
			Thread thread = Thread.currentThread();
			session.sendMessage(new TextMessage((isVirtual(thread) ? "virtual " : "platform ") + thread));
		}

	}

}
