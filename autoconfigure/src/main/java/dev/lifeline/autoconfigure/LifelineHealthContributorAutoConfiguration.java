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

import dev.lifeline.health.WebSocketHealthIndicator;
import dev.lifeline.server.WebSocketSessions;
import dev.lifeline.server.engine.HeartbeatService;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} for the {@link WebSocketHealthIndicator}, contributed to health as
 * {@code websocket}.
 *
 * @author Lifeline contributors
 */
@AutoConfiguration(after = LifelineAutoConfiguration.class)
@ConditionalOnClass({ AbstractHealthIndicator.class, ConditionalOnEnabledHealthIndicator.class })
@ConditionalOnBean(WebSocketSessions.class)
@ConditionalOnEnabledHealthIndicator("websocket")
public final class LifelineHealthContributorAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(value = WebSocketHealthIndicator.class,
			name = { "websocketHealthIndicator", "websocketHealthContributor" })
	WebSocketHealthIndicator websocketHealthIndicator(WebSocketSessions sessions,
			ObjectProvider<HeartbeatService> heartbeat) {
		return new WebSocketHealthIndicator(sessions, heartbeat.getIfAvailable());
	}

}
