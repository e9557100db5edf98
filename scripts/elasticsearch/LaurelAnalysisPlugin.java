package org.elasticsearch.node;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.IntPredicate;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.FilteringTokenFilter;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.StopFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.charfilter.HTMLStripCharFilter;
import org.apache.lucene.analysis.charfilter.MappingCharFilter;
import org.apache.lucene.analysis.charfilter.NormalizeCharMap;
import org.apache.lucene.analysis.classic.ClassicTokenizer;
import org.apache.lucene.analysis.core.KeywordAnalyzer;
import org.apache.lucene.analysis.core.KeywordTokenizer;
import org.apache.lucene.analysis.core.LetterTokenizer;
import org.apache.lucene.analysis.core.SimpleAnalyzer;
import org.apache.lucene.analysis.core.StopAnalyzer;
import org.apache.lucene.analysis.core.UpperCaseFilter;
import org.apache.lucene.analysis.core.WhitespaceAnalyzer;
import org.apache.lucene.analysis.core.WhitespaceTokenizer;
import org.apache.lucene.analysis.de.GermanAnalyzer;
import org.apache.lucene.analysis.el.GreekLowerCaseFilter;
import org.apache.lucene.analysis.email.UAX29URLEmailTokenizer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.en.EnglishMinimalStemFilter;
import org.apache.lucene.analysis.en.EnglishPossessiveFilter;
import org.apache.lucene.analysis.en.KStemFilter;
import org.apache.lucene.analysis.en.PorterStemFilter;
import org.apache.lucene.analysis.es.SpanishAnalyzer;
import org.apache.lucene.analysis.fr.FrenchAnalyzer;
import org.apache.lucene.analysis.ga.IrishLowerCaseFilter;
import org.apache.lucene.analysis.it.ItalianAnalyzer;
import org.apache.lucene.analysis.miscellaneous.ASCIIFoldingFilter;
import org.apache.lucene.analysis.miscellaneous.KeywordRepeatFilter;
import org.apache.lucene.analysis.miscellaneous.LengthFilter;
import org.apache.lucene.analysis.miscellaneous.LimitTokenCountFilter;
import org.apache.lucene.analysis.miscellaneous.RemoveDuplicatesTokenFilter;
import org.apache.lucene.analysis.miscellaneous.TrimFilter;
import org.apache.lucene.analysis.miscellaneous.TruncateTokenFilter;
import org.apache.lucene.analysis.miscellaneous.WordDelimiterGraphFilter;
import org.apache.lucene.analysis.miscellaneous.WordDelimiterIterator;
import org.apache.lucene.analysis.ngram.EdgeNGramTokenFilter;
import org.apache.lucene.analysis.ngram.EdgeNGramTokenizer;
import org.apache.lucene.analysis.ngram.NGramTokenFilter;
import org.apache.lucene.analysis.ngram.NGramTokenizer;
import org.apache.lucene.analysis.nl.DutchAnalyzer;
import org.apache.lucene.analysis.pattern.PatternReplaceCharFilter;
import org.apache.lucene.analysis.pattern.PatternTokenizer;
import org.apache.lucene.analysis.pt.PortugueseAnalyzer;
import org.apache.lucene.analysis.reverse.ReverseStringFilter;
import org.apache.lucene.analysis.shingle.ShingleFilter;
import org.apache.lucene.analysis.snowball.SnowballFilter;
import org.apache.lucene.analysis.synonym.SolrSynonymParser;
import org.apache.lucene.analysis.synonym.SynonymFilter;
import org.apache.lucene.analysis.synonym.SynonymGraphFilter;
import org.apache.lucene.analysis.synonym.SynonymMap;
import org.apache.lucene.analysis.synonym.WordnetSynonymParser;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tr.TurkishLowerCaseFilter;
import org.elasticsearch.common.regex.Regex;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.env.Environment;
import org.elasticsearch.index.IndexService;
import org.elasticsearch.index.IndexSettings;
import org.elasticsearch.index.analysis.AbstractCharFilterFactory;
import org.elasticsearch.index.analysis.AbstractIndexAnalyzerProvider;
import org.elasticsearch.index.analysis.AbstractTokenFilterFactory;
import org.elasticsearch.index.analysis.AbstractTokenizerFactory;
import org.elasticsearch.index.analysis.Analysis;
import org.elasticsearch.index.analysis.AnalyzerProvider;
import org.elasticsearch.index.analysis.CharFilterFactory;
import org.elasticsearch.index.analysis.CustomAnalyzer;
import org.elasticsearch.index.analysis.NormalizingCharFilterFactory;
import org.elasticsearch.index.analysis.NormalizingTokenFilterFactory;
import org.elasticsearch.index.analysis.PreBuiltAnalyzerProviderFactory;
import org.elasticsearch.index.analysis.PreConfiguredCharFilter;
import org.elasticsearch.index.analysis.PreConfiguredTokenFilter;
import org.elasticsearch.index.analysis.PreConfiguredTokenizer;
import org.elasticsearch.index.analysis.TokenFilterFactory;
import org.elasticsearch.index.analysis.TokenizerFactory;
import org.elasticsearch.indices.analysis.AnalysisModule.AnalysisProvider;
import org.elasticsearch.indices.analysis.PreBuiltCacheFactory.CachingStrategy;
import org.elasticsearch.lucene.analysis.miscellaneous.DisableGraphAttribute;
import org.elasticsearch.plugins.AnalysisPlugin;
import org.elasticsearch.plugins.Plugin;

/**
 * The analysis components of Elasticsearch's analysis-common module, under the same names and
 * parameters, built from the Lucene classes the server jar already depends on. Elastic does not
 * publish its modules to Maven Central, so without this the test node only knows the handful
 * that live in the server itself (the standard analyzer and tokenizer, the stop, shingle and
 * lowercase filters). Index settings written against this node work unchanged on a real
 * Elasticsearch 8 cluster. Components the server already registers are not registered again:
 * the node refuses duplicates.
 */
public final class LaurelAnalysisPlugin extends Plugin implements AnalysisPlugin {

    /** A language analyzer: its stop words and stem exclusions come from the index settings. */
    private record Language(Supplier<CharArraySet> defaultStopwords,
                            BiFunction<CharArraySet, CharArraySet, Analyzer> create) {}

    private static final Map<String, Language> LANGUAGES = Map.of(
        "english", new Language(EnglishAnalyzer::getDefaultStopSet, EnglishAnalyzer::new),
        "french", new Language(FrenchAnalyzer::getDefaultStopSet, FrenchAnalyzer::new),
        "german", new Language(GermanAnalyzer::getDefaultStopSet, GermanAnalyzer::new),
        "spanish", new Language(SpanishAnalyzer::getDefaultStopSet, SpanishAnalyzer::new),
        "italian", new Language(ItalianAnalyzer::getDefaultStopSet, ItalianAnalyzer::new),
        "portuguese", new Language(PortugueseAnalyzer::getDefaultStopSet, PortugueseAnalyzer::new),
        "dutch", new Language(DutchAnalyzer::getDefaultStopSet, DutchAnalyzer::new));

    // Analyzers ------------------------------------------------------------------------------

    @Override
    public Map<String, AnalysisProvider<AnalyzerProvider<? extends Analyzer>>> getAnalyzers() {
        Map<String, AnalysisProvider<AnalyzerProvider<? extends Analyzer>>> analyzers = new TreeMap<>();
        analyzers.put("simple", (index, env, name, settings) -> analyzer(name, settings, new SimpleAnalyzer()));
        analyzers.put("whitespace", (index, env, name, settings) -> analyzer(name, settings, new WhitespaceAnalyzer()));
        analyzers.put("keyword", (index, env, name, settings) -> analyzer(name, settings, new KeywordAnalyzer()));
        analyzers.put("stop", (index, env, name, settings) -> analyzer(name, settings,
            new StopAnalyzer(Analysis.parseStopWords(env, settings, EnglishAnalyzer.ENGLISH_STOP_WORDS_SET))));
        LANGUAGES.forEach((language, spec) -> analyzers.put(language, (index, env, name, settings) -> analyzer(name,
            settings, spec.create().apply(Analysis.parseStopWords(env, settings, spec.defaultStopwords().get()),
                Analysis.parseStemExclusion(settings, CharArraySet.EMPTY_SET)))));
        return analyzers;
    }

    private static AnalyzerProvider<Analyzer> analyzer(String name, Settings settings, Analyzer analyzer) {
        return new AbstractIndexAnalyzerProvider<>(name, settings) {
            @Override
            public Analyzer get() {
                return analyzer;
            }
        };
    }

    /** "analyzer": "english" in a mapping, with no definition in the index settings. */
    @Override
    public List<PreBuiltAnalyzerProviderFactory> getPreBuiltAnalyzerProviderFactories() {
        List<PreBuiltAnalyzerProviderFactory> analyzers = new ArrayList<>();
        LANGUAGES.forEach((language, spec) -> analyzers.add(new PreBuiltAnalyzerProviderFactory(language,
            CachingStrategy.LUCENE, () -> spec.create().apply(spec.defaultStopwords().get(), CharArraySet.EMPTY_SET))));
        return analyzers;
    }

    // Tokenizers -----------------------------------------------------------------------------

    @Override
    public Map<String, AnalysisProvider<TokenizerFactory>> getTokenizers() {
        Map<String, AnalysisProvider<TokenizerFactory>> tokenizers = new TreeMap<>();
        tokenizers.put("whitespace", (index, env, name, settings) -> {
            int maxTokenLength = settings.getAsInt("max_token_length", 255);
            return tokenizer(index, settings, name, () -> new WhitespaceTokenizer(maxTokenLength));
        });
        tokenizers.put("keyword", (index, env, name, settings) -> {
            int bufferSize = settings.getAsInt("buffer_size", 256);
            return tokenizer(index, settings, name, () -> new KeywordTokenizer(bufferSize));
        });
        tokenizers.put("letter", (index, env, name, settings) -> tokenizer(index, settings, name, LetterTokenizer::new));
        tokenizers.put("classic", (index, env, name, settings) -> {
            int maxTokenLength = settings.getAsInt("max_token_length", 255);
            return tokenizer(index, settings, name, () -> {
                ClassicTokenizer tokenizer = new ClassicTokenizer();
                tokenizer.setMaxTokenLength(maxTokenLength);
                return tokenizer;
            });
        });
        tokenizers.put("uax_url_email", (index, env, name, settings) -> {
            int maxTokenLength = settings.getAsInt("max_token_length", 255);
            return tokenizer(index, settings, name, () -> {
                UAX29URLEmailTokenizer tokenizer = new UAX29URLEmailTokenizer();
                tokenizer.setMaxTokenLength(maxTokenLength);
                return tokenizer;
            });
        });
        tokenizers.put("pattern", (index, env, name, settings) -> {
            Pattern pattern = Regex.compile(settings.get("pattern", "\\W+"), settings.get("flags"));
            int group = settings.getAsInt("group", -1);
            return tokenizer(index, settings, name, () -> new PatternTokenizer(pattern, group));
        });
        tokenizers.put("ngram", (index, env, name, settings) -> {
            int min = settings.getAsInt("min_gram", NGramTokenizer.DEFAULT_MIN_NGRAM_SIZE);
            int max = settings.getAsInt("max_gram", NGramTokenizer.DEFAULT_MAX_NGRAM_SIZE);
            checkNgramDiff(index, min, max, "NGram Tokenizer");
            IntPredicate tokenChar = tokenChars(settings);
            return tokenizer(index, settings, name, () -> tokenChar == null ? new NGramTokenizer(min, max)
                : new NGramTokenizer(min, max) {
                    @Override
                    protected boolean isTokenChar(int chr) {
                        return tokenChar.test(chr);
                    }
                });
        });
        tokenizers.put("edge_ngram", (index, env, name, settings) -> {
            int min = settings.getAsInt("min_gram", NGramTokenizer.DEFAULT_MIN_NGRAM_SIZE);
            int max = settings.getAsInt("max_gram", NGramTokenizer.DEFAULT_MAX_NGRAM_SIZE);
            IntPredicate tokenChar = tokenChars(settings);
            return tokenizer(index, settings, name, () -> tokenChar == null ? new EdgeNGramTokenizer(min, max)
                : new EdgeNGramTokenizer(min, max) {
                    @Override
                    protected boolean isTokenChar(int chr) {
                        return tokenChar.test(chr);
                    }
                });
        });
        return tokenizers;
    }

    private static TokenizerFactory tokenizer(IndexSettings index, Settings settings, String name,
            Supplier<Tokenizer> create) {
        return new AbstractTokenizerFactory(index, settings, name) {
            @Override
            public Tokenizer create() {
                return create.get();
            }
        };
    }

    /** The n-gram tokenizers' token_chars (and custom_token_chars); null means every character. */
    private static IntPredicate tokenChars(Settings settings) {
        List<String> classes = settings.getAsList("token_chars");
        if (classes.isEmpty()) {
            return null;
        }
        IntPredicate matcher = chr -> false;
        for (String charClass : classes) {
            IntPredicate one = switch (charClass.toLowerCase(Locale.ROOT)) {
                case "letter" -> Character::isLetter;
                case "digit" -> Character::isDigit;
                case "whitespace" -> Character::isWhitespace;
                case "punctuation" -> chr -> switch (Character.getType(chr)) {
                    case Character.START_PUNCTUATION, Character.END_PUNCTUATION, Character.OTHER_PUNCTUATION,
                        Character.CONNECTOR_PUNCTUATION, Character.DASH_PUNCTUATION,
                        Character.INITIAL_QUOTE_PUNCTUATION, Character.FINAL_QUOTE_PUNCTUATION -> true;
                    default -> false;
                };
                case "symbol" -> chr -> switch (Character.getType(chr)) {
                    case Character.CURRENCY_SYMBOL, Character.MATH_SYMBOL, Character.OTHER_SYMBOL,
                        Character.MODIFIER_SYMBOL -> true;
                    default -> false;
                };
                case "custom" -> {
                    String custom = settings.get("custom_token_chars");
                    if (custom == null) {
                        throw new IllegalArgumentException(
                            "Token type: [custom] requires setting `custom_token_chars`");
                    }
                    Set<Integer> chars = new HashSet<>();
                    custom.codePoints().forEach(chars::add);
                    yield chars::contains;
                }
                default -> throw new IllegalArgumentException("Unknown token type: '" + charClass
                    + "', must be one of [symbol, private_use, paragraph_separator, start_punctuation, "
                    + "letter, digit, whitespace, punctuation, custom]");
            };
            matcher = matcher.or(one);
        }
        return matcher;
    }

    private static void checkNgramDiff(IndexSettings index, int min, int max, String what) {
        int allowed = index.getMaxNgramDiff();
        if (max - min > allowed) {
            throw new IllegalArgumentException("The difference between max_gram and min_gram in " + what
                + " must be less than or equal to: [" + allowed + "] but was [" + (max - min)
                + "]. This limit can be set by changing the [" + IndexSettings.MAX_NGRAM_DIFF_SETTING.getKey()
                + "] index level setting.");
        }
    }

    // Token filters --------------------------------------------------------------------------

    @Override
    public Map<String, AnalysisProvider<TokenFilterFactory>> getTokenFilters() {
        Map<String, AnalysisProvider<TokenFilterFactory>> filters = new TreeMap<>();
        filters.put("lowercase", (index, env, name, settings) -> {
            String language = settings.get("language");
            Function<TokenStream, TokenStream> create = language == null ? LowerCaseFilter::new
                : switch (language.toLowerCase(Locale.ROOT)) {
                    case "greek" -> GreekLowerCaseFilter::new;
                    case "irish" -> IrishLowerCaseFilter::new;
                    case "turkish" -> TurkishLowerCaseFilter::new;
                    default -> throw new IllegalArgumentException("language [" + language + "] not support for lower case");
                };
            return normalizing(name, settings, create);
        });
        filters.put("uppercase", (index, env, name, settings) -> normalizing(name, settings, UpperCaseFilter::new));
        filters.put("asciifolding", (index, env, name, settings) -> {
            boolean preserveOriginal = settings.getAsBoolean("preserve_original", false);
            return new AbstractTokenFilterFactory(name, settings) {
                @Override
                public TokenStream create(TokenStream stream) {
                    return new ASCIIFoldingFilter(stream, preserveOriginal);
                }

                @Override
                public TokenStream normalize(TokenStream stream) {
                    // A normalizer must yield exactly one token, so never the preserved original.
                    return new ASCIIFoldingFilter(stream, false);
                }
            };
        });
        filters.put("edge_ngram", (index, env, name, settings) -> {
            int min = settings.getAsInt("min_gram", 1);
            int max = settings.getAsInt("max_gram", 2);
            boolean preserveOriginal = settings.getAsBoolean("preserve_original", false);
            String side = settings.get("side", "front");
            if (!side.equals("front") && !side.equals("back")) {
                throw new IllegalArgumentException("invalid side: [" + side + "] must be either [front] or [back]");
            }
            return ngramFilter(name, settings, "back".equals(side)
                ? stream -> new ReverseStringFilter(
                    new EdgeNGramTokenFilter(new ReverseStringFilter(stream), min, max, preserveOriginal))
                : stream -> new EdgeNGramTokenFilter(stream, min, max, preserveOriginal));
        });
        filters.put("ngram", (index, env, name, settings) -> {
            int min = settings.getAsInt("min_gram", 1);
            int max = settings.getAsInt("max_gram", 2);
            boolean preserveOriginal = settings.getAsBoolean("preserve_original", false);
            checkNgramDiff(index, min, max, "NGram Tokenizer");
            return ngramFilter(name, settings, stream -> new NGramTokenFilter(stream, min, max, preserveOriginal));
        });
        filters.put("porter_stem", (index, env, name, settings) -> filter(name, settings, PorterStemFilter::new));
        filters.put("kstem", (index, env, name, settings) -> filter(name, settings, KStemFilter::new));
        filters.put("snowball", (index, env, name, settings) -> {
            String language = settings.get("language", "English");
            return filter(name, settings, snowball(language));
        });
        filters.put("stemmer", (index, env, name, settings) -> {
            String language = settings.get("language", settings.get("name", "porter"));
            return filter(name, settings, stemmer(language));
        });
        filters.put("trim", (index, env, name, settings) -> normalizing(name, settings, TrimFilter::new));
        filters.put("unique", (index, env, name, settings) -> {
            boolean onlyOnSamePosition = settings.getAsBoolean("only_on_same_position", false);
            return filter(name, settings, onlyOnSamePosition ? RemoveDuplicatesTokenFilter::new : UniqueFilter::new);
        });
        filters.put("remove_duplicates",
            (index, env, name, settings) -> filter(name, settings, RemoveDuplicatesTokenFilter::new));
        filters.put("reverse", (index, env, name, settings) -> filter(name, settings, ReverseStringFilter::new));
        filters.put("length", (index, env, name, settings) -> {
            int min = settings.getAsInt("min", 0);
            int max = settings.getAsInt("max", Integer.MAX_VALUE);
            return filter(name, settings, stream -> new LengthFilter(stream, min, max));
        });
        filters.put("truncate", AnalysisPlugin.requiresAnalysisSettings((index, env, name, settings) -> {
            int length = settings.getAsInt("length", -1);
            if (length <= 0) {
                throw new IllegalArgumentException("length parameter must be provided");
            }
            return filter(name, settings, stream -> new TruncateTokenFilter(stream, length));
        }));
        filters.put("limit", (index, env, name, settings) -> {
            int max = settings.getAsInt("max_token_count", 1);
            boolean consumeAll = settings.getAsBoolean("consume_all_tokens", false);
            return filter(name, settings, stream -> new LimitTokenCountFilter(stream, max, consumeAll));
        });
        filters.put("word_delimiter_graph", (index, env, name, settings) -> {
            if (settings.get("type_table") != null || settings.get("type_table_path") != null) {
                throw new IllegalArgumentException("[type_table] of word_delimiter_graph is not supported by Laurel's"
                    + " test node");
            }
            int flags = flag(settings, "generate_word_parts", true, WordDelimiterGraphFilter.GENERATE_WORD_PARTS)
                | flag(settings, "generate_number_parts", true, WordDelimiterGraphFilter.GENERATE_NUMBER_PARTS)
                | flag(settings, "catenate_words", false, WordDelimiterGraphFilter.CATENATE_WORDS)
                | flag(settings, "catenate_numbers", false, WordDelimiterGraphFilter.CATENATE_NUMBERS)
                | flag(settings, "catenate_all", false, WordDelimiterGraphFilter.CATENATE_ALL)
                | flag(settings, "split_on_case_change", true, WordDelimiterGraphFilter.SPLIT_ON_CASE_CHANGE)
                | flag(settings, "preserve_original", false, WordDelimiterGraphFilter.PRESERVE_ORIGINAL)
                | flag(settings, "split_on_numerics", true, WordDelimiterGraphFilter.SPLIT_ON_NUMERICS)
                | flag(settings, "stem_english_possessive", true, WordDelimiterGraphFilter.STEM_ENGLISH_POSSESSIVE)
                | flag(settings, "ignore_keywords", false, WordDelimiterGraphFilter.IGNORE_KEYWORDS);
            boolean adjustOffsets = settings.getAsBoolean("adjust_offsets", true);
            CharArraySet protectedWords = Analysis.getWordSet(env, settings, "protected_words");
            return new AbstractTokenFilterFactory(name, settings) {
                @Override
                public TokenStream create(TokenStream stream) {
                    return new WordDelimiterGraphFilter(stream, adjustOffsets,
                        WordDelimiterIterator.DEFAULT_WORD_DELIM_TABLE, flags, protectedWords);
                }

                @Override
                public TokenFilterFactory getSynonymFilter() {
                    return IDENTITY_FILTER;
                }
            };
        });
        filters.put("synonym", AnalysisPlugin.requiresAnalysisSettings(
            (index, env, name, settings) -> new SynonymFactory(env, name, settings, false)));
        filters.put("synonym_graph", AnalysisPlugin.requiresAnalysisSettings(
            (index, env, name, settings) -> new SynonymFactory(env, name, settings, true)));
        return filters;
    }

    private static TokenFilterFactory filter(String name, Settings settings, Function<TokenStream, TokenStream> create) {
        return new AbstractTokenFilterFactory(name, settings) {
            @Override
            public TokenStream create(TokenStream stream) {
                return create.apply(stream);
            }
        };
    }

    /** A filter that also works in keyword normalizers (one token in, one token out). */
    private static TokenFilterFactory normalizing(String name, Settings settings,
            Function<TokenStream, TokenStream> create) {
        final class Normalizing extends AbstractTokenFilterFactory implements NormalizingTokenFilterFactory {
            Normalizing() {
                super(name, settings);
            }

            @Override
            public TokenStream create(TokenStream stream) {
                return create.apply(stream);
            }
        }
        return new Normalizing();
    }

    /** N-grams of synonyms would be nonsense, so (as in Elasticsearch 8) they refuse to parse synonyms. */
    private static TokenFilterFactory ngramFilter(String name, Settings settings,
            Function<TokenStream, TokenStream> create) {
        return new AbstractTokenFilterFactory(name, settings) {
            @Override
            public TokenStream create(TokenStream stream) {
                return create.apply(stream);
            }

            @Override
            public TokenFilterFactory getSynonymFilter() {
                throw new IllegalArgumentException("Token filter [" + name() + "] cannot be used to parse synonyms");
            }
        };
    }

    private static int flag(Settings settings, String key, boolean defaultValue, int flag) {
        return settings.getAsBoolean(key, defaultValue) ? flag : 0;
    }

    private static Function<TokenStream, TokenStream> snowball(String language) {
        String stemmer = language.substring(0, 1).toUpperCase(Locale.ROOT) + language.substring(1);
        try {
            Class.forName("org.tartarus.snowball.ext." + stemmer + "Stemmer");
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException("Unknown snowball language [" + language + "]");
        }
        return stream -> new SnowballFilter(stream, stemmer);
    }

    /** The stemmer filter's English stemmers by their Elasticsearch names; other languages by Snowball. */
    private static Function<TokenStream, TokenStream> stemmer(String language) {
        return switch (language.toLowerCase(Locale.ROOT)) {
            case "porter", "english" -> PorterStemFilter::new;
            case "light_english", "kstem" -> KStemFilter::new;
            case "minimal_english" -> EnglishMinimalStemFilter::new;
            case "possessive_english" -> EnglishPossessiveFilter::new;
            case "porter2" -> snowball("English");
            case "lovins" -> snowball("Lovins");
            default -> {
                try {
                    yield snowball(language);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("stemmer language [" + language
                        + "] is not available on Laurel's test node");
                }
            }
        };
    }

    /** Drops a term already seen anywhere earlier in the stream. */
    private static final class UniqueFilter extends FilteringTokenFilter {
        private final CharTermAttribute term = addAttribute(CharTermAttribute.class);
        private final CharArraySet seen = new CharArraySet(8, false);

        UniqueFilter(TokenStream in) {
            super(in);
        }

        @Override
        protected boolean accept() {
            if (seen.contains(term.buffer(), 0, term.length())) {
                return false;
            }
            seen.add(String.valueOf(term.buffer(), 0, term.length()));
            return true;
        }

        @Override
        public void reset() throws IOException {
            super.reset();
            seen.clear();
        }
    }

    /**
     * synonym and synonym_graph with inline rules (synonyms) or a file under config (synonyms_path),
     * in Solr or WordNet format. The rules are analyzed with the tokenizer and filters that come
     * before this filter in the analyzer, as Elasticsearch does; synonym sets (synonyms_set) live
     * in a system index that only the real distribution has.
     */
    private static final class SynonymFactory extends AbstractTokenFilterFactory {
        private final Environment env;
        private final Settings settings;
        private final boolean graph;

        SynonymFactory(Environment env, String name, Settings settings, boolean graph) {
            super(name, settings);
            if (settings.get("synonyms_set") != null) {
                throw new IllegalArgumentException("[synonyms_set] is not supported by Laurel's test node;"
                    + " use [synonyms] or [synonyms_path]");
            }
            if (settings.getAsList("synonyms").isEmpty() && settings.get("synonyms_path") == null) {
                throw new IllegalArgumentException("synonym requires either `synonyms`, `synonyms_set` or"
                    + " `synonyms_path` to be configured");
            }
            this.env = env;
            this.settings = settings;
            this.graph = graph;
        }

        @Override
        public TokenStream create(TokenStream stream) {
            throw new IllegalStateException("Call getChainAwareTokenFilterFactory to specialize this factory for an analysis chain first");
        }

        @Override
        public TokenFilterFactory getChainAwareTokenFilterFactory(IndexService.IndexCreationContext context,
                TokenizerFactory tokenizer, List<CharFilterFactory> charFilters, List<TokenFilterFactory> previous,
                Function<String, TokenFilterFactory> allFilters) {
            TokenFilterFactory[] parseFilters = previous.stream().map(TokenFilterFactory::getSynonymFilter)
                .toArray(TokenFilterFactory[]::new);
            Analyzer parser = new CustomAnalyzer(tokenizer, charFilters.toArray(CharFilterFactory[]::new), parseFilters);
            SynonymMap map = parse(parser);
            boolean ignoreCase = false;
            String filterName = name();
            return new AbstractTokenFilterFactory(filterName, settings) {
                @Override
                public TokenStream create(TokenStream stream) {
                    // An empty map makes Lucene's filters throw; no rules means nothing to do.
                    if (map.fst == null) {
                        return stream;
                    }
                    return graph ? new SynonymGraphFilter(stream, map, ignoreCase)
                        : new SynonymFilter(stream, map, ignoreCase);
                }

                @Override
                public TokenFilterFactory getSynonymFilter() {
                    throw new IllegalArgumentException("Token filter [" + filterName
                        + "] cannot be used to parse synonyms");
                }
            };
        }

        private SynonymMap parse(Analyzer analyzer) {
            boolean expand = settings.getAsBoolean("expand", true);
            boolean lenient = settings.getAsBoolean("lenient", false);
            boolean wordnet = "wordnet".equalsIgnoreCase(settings.get("format", ""));
            List<String> rules = settings.getAsList("synonyms").isEmpty()
                ? Analysis.getWordList(env, settings, "synonyms_path") : settings.getAsList("synonyms");
            try {
                SynonymMap.Parser parser = wordnet ? new WordnetSynonymParser(true, expand, analyzer)
                    : new SolrSynonymParser(true, expand, analyzer);
                if (lenient) {
                    // Lenient: a rule the analyzer cannot handle (say, all stop words) is skipped.
                    for (String rule : rules) {
                        try {
                            parser.parse(new StringReader(rule));
                        } catch (ParseException | IllegalArgumentException e) {
                            // skipped, as Elasticsearch does with lenient: true
                        }
                    }
                } else {
                    parser.parse(new StringReader(String.join("\n", rules)));
                }
                return parser.build();
            } catch (ParseException | IOException e) {
                throw new IllegalArgumentException("failed to build synonyms: " + e.getMessage(), e);
            }
        }
    }

    // Char filters ---------------------------------------------------------------------------

    @Override
    public Map<String, AnalysisProvider<CharFilterFactory>> getCharFilters() {
        Map<String, AnalysisProvider<CharFilterFactory>> filters = new TreeMap<>();
        filters.put("html_strip", (index, env, name, settings) -> {
            List<String> escaped = settings.getAsList("escaped_tags");
            Set<String> escapedTags = escaped.isEmpty() ? null : new HashSet<>(escaped);
            return charFilter(name, reader -> new HTMLStripCharFilter(reader, escapedTags));
        });
        filters.put("mapping", AnalysisPlugin.requiresAnalysisSettings((index, env, name, settings) -> {
            List<String> rules = Analysis.getWordList(env, settings, "mappings");
            if (rules == null) {
                throw new IllegalArgumentException("mapping requires either `mappings` or `mappings_path` to be configured");
            }
            NormalizeCharMap.Builder map = new NormalizeCharMap.Builder();
            Pattern rule = Pattern.compile("(.*)\\s*=>\\s*(.*)\\s*$");
            for (String line : rules) {
                Matcher m = rule.matcher(line);
                if (!m.find()) {
                    throw new IllegalArgumentException("Invalid mapping rule : [" + line + "]");
                }
                map.add(unescape(m.group(1).trim()), unescape(m.group(2).trim()));
            }
            NormalizeCharMap built = map.build();
            return normalizingCharFilter(name, reader -> new MappingCharFilter(built, reader));
        }));
        filters.put("pattern_replace", AnalysisPlugin.requiresAnalysisSettings((index, env, name, settings) -> {
            String pattern = settings.get("pattern");
            if (pattern == null) {
                throw new IllegalArgumentException("pattern is missing for [" + name + "] char filter of type 'pattern_replace'");
            }
            Pattern compiled = Regex.compile(pattern, settings.get("flags"));
            String replacement = settings.get("replacement", "");
            return normalizingCharFilter(name, reader -> new PatternReplaceCharFilter(compiled, replacement, reader));
        }));
        return filters;
    }

    /** The escapes mapping rules may use: \\ \n \t \r \b \f \' \" and \\uXXXX. */
    private static String unescape(String s) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\' || i + 1 >= s.length()) {
                out.append(c);
                continue;
            }
            char next = s.charAt(++i);
            switch (next) {
                case 'n' -> out.append('\n');
                case 't' -> out.append('\t');
                case 'r' -> out.append('\r');
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'u' -> {
                    if (i + 4 >= s.length()) {
                        throw new IllegalArgumentException("Invalid escaped char in [" + s + "]");
                    }
                    out.append((char) Integer.parseInt(s.substring(i + 1, i + 5), 16));
                    i += 4;
                }
                default -> out.append(next);
            }
        }
        return out.toString();
    }

    private static CharFilterFactory charFilter(String name, Function<Reader, Reader> create) {
        return new AbstractCharFilterFactory(name) {
            @Override
            public Reader create(Reader reader) {
                return create.apply(reader);
            }
        };
    }

    private static CharFilterFactory normalizingCharFilter(String name, Function<Reader, Reader> create) {
        final class Normalizing extends AbstractCharFilterFactory implements NormalizingCharFilterFactory {
            Normalizing() {
                super(name);
            }

            @Override
            public Reader create(Reader reader) {
                return create.apply(reader);
            }
        }
        return new Normalizing();
    }

    // Components used by bare name ("filter": ["asciifolding"]), with Elasticsearch's defaults ----

    @Override
    public List<PreConfiguredTokenFilter> getPreConfiguredTokenFilters() {
        return List.of(
            PreConfiguredTokenFilter.singleton("asciifolding", true, ASCIIFoldingFilter::new),
            PreConfiguredTokenFilter.singleton("edge_ngram", false, false, stream -> new EdgeNGramTokenFilter(stream, 1)),
            PreConfiguredTokenFilter.singleton("ngram", false, false, stream -> new NGramTokenFilter(stream, 1, 2, false)),
            PreConfiguredTokenFilter.singleton("keyword_repeat", false, false, KeywordRepeatFilter::new),
            PreConfiguredTokenFilter.singleton("kstem", false, KStemFilter::new),
            PreConfiguredTokenFilter.singleton("length", false, stream -> new LengthFilter(stream, 0, Integer.MAX_VALUE)),
            PreConfiguredTokenFilter.singleton("limit", false, stream -> new LimitTokenCountFilter(stream, 1, false)),
            PreConfiguredTokenFilter.singleton("porter_stem", false, PorterStemFilter::new),
            PreConfiguredTokenFilter.singleton("reverse", false, ReverseStringFilter::new),
            PreConfiguredTokenFilter.singleton("shingle", false, false, stream -> {
                TokenStream shingles = new ShingleFilter(stream);
                // Shingles of different sizes do not line up by position, so no graph queries on them.
                shingles.addAttribute(DisableGraphAttribute.class);
                return shingles;
            }),
            PreConfiguredTokenFilter.singleton("snowball", false, stream -> new SnowballFilter(stream, "English")),
            PreConfiguredTokenFilter.singleton("stemmer", false, PorterStemFilter::new),
            PreConfiguredTokenFilter.singleton("stop", false,
                stream -> new StopFilter(stream, EnglishAnalyzer.ENGLISH_STOP_WORDS_SET)),
            PreConfiguredTokenFilter.singleton("trim", true, TrimFilter::new),
            PreConfiguredTokenFilter.singleton("truncate", false, stream -> new TruncateTokenFilter(stream, 10)),
            PreConfiguredTokenFilter.singleton("unique", false, UniqueFilter::new),
            PreConfiguredTokenFilter.singleton("uppercase", true, UpperCaseFilter::new),
            PreConfiguredTokenFilter.singleton("word_delimiter_graph", false, false,
                stream -> new WordDelimiterGraphFilter(stream, true, WordDelimiterIterator.DEFAULT_WORD_DELIM_TABLE,
                    WordDelimiterGraphFilter.GENERATE_WORD_PARTS | WordDelimiterGraphFilter.GENERATE_NUMBER_PARTS
                        | WordDelimiterGraphFilter.SPLIT_ON_CASE_CHANGE | WordDelimiterGraphFilter.SPLIT_ON_NUMERICS
                        | WordDelimiterGraphFilter.STEM_ENGLISH_POSSESSIVE, null)));
    }

    @Override
    public List<PreConfiguredTokenizer> getPreConfiguredTokenizers() {
        return List.of(
            PreConfiguredTokenizer.singleton("keyword", KeywordTokenizer::new),
            PreConfiguredTokenizer.singleton("classic", ClassicTokenizer::new),
            PreConfiguredTokenizer.singleton("uax_url_email", UAX29URLEmailTokenizer::new),
            PreConfiguredTokenizer.singleton("letter", LetterTokenizer::new),
            PreConfiguredTokenizer.singleton("whitespace", WhitespaceTokenizer::new),
            PreConfiguredTokenizer.singleton("ngram", NGramTokenizer::new),
            PreConfiguredTokenizer.singleton("edge_ngram", () -> new EdgeNGramTokenizer(
                NGramTokenizer.DEFAULT_MIN_NGRAM_SIZE, NGramTokenizer.DEFAULT_MAX_NGRAM_SIZE)),
            PreConfiguredTokenizer.singleton("pattern", () -> new PatternTokenizer(Regex.compile("\\W+", null), -1)));
    }

    @Override
    public List<PreConfiguredCharFilter> getPreConfiguredCharFilters() {
        return List.of(PreConfiguredCharFilter.singleton("html_strip", false, HTMLStripCharFilter::new));
    }
}
