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

import dev.lifeline.test.EchoTestApplication;
import jakarta.websocket.OnMessage;
import jakarta.websocket.server.ServerEndpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.socket.handler.TextWebSocketHandler;
import org.springframework.web.socket.server.standard.ServerEndpointExporter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Real application starts that must fail with Boot's failure report, or start with a
 * warning.
 */
@ExtendWith(OutputCaptureExtension.class)
class StartupFailureTests {

	@Test
	void serverEndpointOnManagedPathFailsWithReport(CapturedOutput output) {
		assertThatException().isThrownBy(() -> run(ShadowingServerEndpoint.class));
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("The WebSocket path '/ws' has more than one upgrade path")
			.contains("@ServerEndpoint(\"/ws\")")
			.contains("lifeline.path");
	}

	@Test
	void requestMappingOnManagedPathFailsWithReport(CapturedOutput output) {
		assertThatException().isThrownBy(() -> run(ShadowingController.class));
		assertThat(output).contains("APPLICATION FAILED TO START").contains("request mapping '/ws'");
	}

	@Test
	void severalHandlersFailWithReport(CapturedOutput output) {
		assertThatException().isThrownBy(() -> run(SecondHandler.class));
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("echoHandler")
			.contains("otherHandler")
			.contains("@Primary");
	}

	@Test
	void invalidPropertyFailsWithReport(CapturedOutput output) {
		assertThatException().isThrownBy(() -> new SpringApplicationBuilder(EchoTestApplication.class)
			.properties("server.port=0", "lifeline.heartbeat.interval=-5s")
			.run()
			.close());
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("lifeline.heartbeat.interval")
			.contains("greater than zero");
	}

	@Test
	void clusterWithoutSpringDataRedisFailsWithReport(CapturedOutput output) {
		FilteredClassLoader withoutRedis = new FilteredClassLoader("org.springframework.data.redis.");
		assertThatException().isThrownBy(() -> new SpringApplicationBuilder(EchoTestApplication.class)
			.resourceLoader(new DefaultResourceLoader(withoutRedis))
			.properties("server.port=0", "lifeline.cluster.enabled=true")
			.run()
			.close());
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("lifeline.cluster.enabled=true")
			.contains("Add the org.springframework.boot:spring-boot-starter-data-redis dependency");
	}

	@Test
	void unmanagedEndpointOnOtherPathStartsWithWarning(CapturedOutput output) {
		try (ConfigurableApplicationContext context = run(OtherPathServerEndpoint.class)) {
			assertThat(context.isRunning()).isTrue();
		}
		assertThat(output).contains("Unmanaged WebSocket endpoint: @ServerEndpoint(\"/legacy\")");
	}

	@Test
	void heartbeatAboveProxyIdleTimeoutStartsWithWarning(CapturedOutput output) {
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(EchoTestApplication.class)
			.properties("server.port=0", "lifeline.heartbeat.interval=40s", "lifeline.heartbeat.timeout=20s")
			.run()) {
			assertThat(context.isRunning()).isTrue();
		}
		assertThat(output).contains("at or above the 60s idle timeout of common proxies");
	}

	private static ConfigurableApplicationContext run(Class<?> extra) {
		return new SpringApplicationBuilder(EchoTestApplication.class, extra).properties("server.port=0").run();
	}

	@Configuration(proxyBeanMethods = false)
	static class ShadowingServerEndpoint {

		@Bean
		ServerEndpointExporter serverEndpointExporter() {
			return new ServerEndpointExporter();
		}

		@Bean
		RawEndpoint rawEndpoint() {
			return new RawEndpoint();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OtherPathServerEndpoint {

		@Bean
		ServerEndpointExporter serverEndpointExporter() {
			return new ServerEndpointExporter();
		}

		@Bean
		LegacyEndpoint legacyEndpoint() {
			return new LegacyEndpoint();
		}

	}

	@ServerEndpoint("/ws")
	public static class RawEndpoint {

		@OnMessage
		public String echo(String message) {
			return message;
		}

	}

	@ServerEndpoint("/legacy")
	public static class LegacyEndpoint {

		@OnMessage
		public String echo(String message) {
			return message;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ShadowingController {

		@Bean
		WsController wsController() {
			return new WsController();
		}

	}

	@RestController
	static class WsController {

		@GetMapping("/ws")
		String ws() {
			return "not a websocket";
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class SecondHandler {

		@Bean
		TextWebSocketHandler otherHandler() {
			return new TextWebSocketHandler();
		}

	}

}
