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

import dev.lifeline.metrics.ResumeMeterBinder;
import dev.lifeline.metrics.WebSocketMeterBinder;
import dev.lifeline.server.WebSocketSessions;
import dev.lifeline.server.engine.SessionRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} for the {@link WebSocketMeterBinder}.
 *
 * @author Lifeline contributors
 */
@AutoConfiguration(after = LifelineAutoConfiguration.class,
		afterName = { "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
				"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration" })
@ConditionalOnClass({ MeterRegistry.class, MeterBinder.class })
@ConditionalOnBean({ MeterRegistry.class, WebSocketSessions.class })
public final class LifelineMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	WebSocketMeterBinder webSocketMeterBinder(WebSocketSessions sessions) {
		return new WebSocketMeterBinder(sessions);
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(SessionRegistry.class)
	ResumeMeterBinder resumeMeterBinder(SessionRegistry sessions) {
		return new ResumeMeterBinder(sessions);
	}

}
