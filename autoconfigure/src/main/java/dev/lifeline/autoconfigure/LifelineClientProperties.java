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

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration properties for serving the JavaScript client, {@code lifeline.js}.
 *
 * @author Lifeline contributors
 */
@ConfigurationProperties("lifeline.client")
public class LifelineClientProperties {

	/**
	 * Whether to serve the JavaScript client at /lifeline/lifeline.js.
	 */
	private boolean enabled = true;

	/**
	 * How long browsers and proxies may use the client without asking again; after it,
	 * they revalidate it with its ETag or last modification time.
	 */
	private Duration cacheMaxAge = Duration.ofHours(1);

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public Duration getCacheMaxAge() {
		return this.cacheMaxAge;
	}

	public void setCacheMaxAge(Duration cacheMaxAge) {
		this.cacheMaxAge = cacheMaxAge;
	}

}
