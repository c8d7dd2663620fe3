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
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.util.DigestUtils;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} that serves the JavaScript client, {@code lifeline.js}, at
 * {@code /lifeline/lifeline.js}, as Socket.IO's server serves its client: a page imports
 * the client of the server it talks to, so the two always speak the same protocol.
 * <p>
 * It goes through Spring MVC's resource handling, so browsers cache it for
 * {@code lifeline.client.cache-max-age} and then revalidate it with its ETag (a hash of
 * its content, which changes with the starter's version) or its last modification time.
 * The client lives outside {@code META-INF/resources}, where Boot's own static resource
 * handling would serve it whatever {@code lifeline.client.enabled} says.
 *
 * @author Lifeline contributors
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(WebMvcConfigurer.class)
@ConditionalOnBooleanProperty(name = "lifeline.client.enabled", matchIfMissing = true)
@EnableConfigurationProperties(LifelineClientProperties.class)
public final class LifelineClientAutoConfiguration {

	/**
	 * The path the client is served under.
	 */
	public static final String PATH_PATTERN = "/lifeline/*";

	/**
	 * Where the client is on the classpath.
	 */
	public static final String LOCATION = "classpath:/META-INF/lifeline/client/";

	@Bean
	WebMvcConfigurer lifelineClientResources(LifelineClientProperties properties) {
		CacheControl cacheControl = CacheControl.maxAge(properties.getCacheMaxAge()).cachePublic();
		return new WebMvcConfigurer() {

			@Override
			public void addResourceHandlers(ResourceHandlerRegistry registry) {
				registry.addResourceHandler(PATH_PATTERN)
					.addResourceLocations(LOCATION)
					.setCacheControl(cacheControl)
					.setUseLastModified(true)
					.setEtagGenerator(new ContentHashEtags());
			}

		};
	}

	/**
	 * ETags from a hash of each resource's content, computed once per resource: the
	 * client's last modification time inside a jar says when the jar was built, its
	 * content says whether it changed.
	 */
	static final class ContentHashEtags implements Function<Resource, String> {

		private final Map<String, String> etags = new ConcurrentHashMap<>();

		@Override
		public String apply(Resource resource) {
			return this.etags.computeIfAbsent(resource.getDescription(), (key) -> hash(resource));
		}

		private static String hash(Resource resource) {
			try {
				return DigestUtils.md5DigestAsHex(resource.getContentAsByteArray());
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

	}

}
