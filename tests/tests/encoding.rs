//! Parameter and body encodings on the wire: `deepObject`, comma and pipe delimited
//! arrays (the `deep_object` fixture) and `application/x-www-form-urlencoded` bodies
//! with repeated array fields (the `form_body` fixture).

use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::test]
async fn query_styles_follow_the_spec() {
    use sdk_tests::deep_object::{Client, SearchFilter, SearchParams};
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/search"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!(["hit"])))
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(server.uri())
        .build()
        .expect("client builds");
    // Generated structs are `#[non_exhaustive]`: built with `new` and filled field by field.
    let mut filter = SearchFilter::new();
    filter.color = Some("red".into());
    filter.size = Some(2);
    let params = SearchParams::new()
        .filter(filter)
        .ids(vec![1, 2, 3])
        .words(vec!["a b".into(), "c".into()]);
    assert_eq!(
        client.search(params).await.expect("searched"),
        vec!["hit".to_string()]
    );
    let requests = server.received_requests().await.expect("recording is on");
    let pairs: Vec<(String, String)> = requests[0]
        .url
        .query_pairs()
        .map(|(key, value)| (key.into_owned(), value.into_owned()))
        .collect();
    let expected = [
        ("filter[color]", "red"),
        ("filter[size]", "2"),
        ("ids", "1,2,3"),
        ("words", "a b|c"),
    ];
    assert_eq!(
        pairs,
        expected
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .to_vec()
    );
}

#[tokio::test]
async fn form_bodies_are_urlencoded_with_repeated_arrays() {
    use sdk_tests::form_body::{Client, TokenBody, TokenBodyGrantType, TokenParams};
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/token"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(serde_json::json!({"access_token": "t", "expires_in": 60})),
        )
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(server.uri())
        .build()
        .expect("client builds");
    let mut body = TokenBody::new(TokenBodyGrantType::ClientCredentials);
    body.scope = Some(vec!["read".into(), "write all".into()]);
    let token = client.token(TokenParams::new(body)).await.expect("token");
    assert_eq!(
        (token.access_token.as_str(), token.expires_in),
        ("t", Some(60))
    );
    let requests = server.received_requests().await.expect("recording is on");
    assert_eq!(
        requests[0]
            .headers
            .get("content-type")
            .expect("content type"),
        "application/x-www-form-urlencoded"
    );
    assert_eq!(
        String::from_utf8_lossy(&requests[0].body),
        "grant_type=client_credentials&scope=read&scope=write+all"
    );
}

/// A `paths` key with a `#fragment` (the `path_fragment` fixture, W0312): the request goes to
/// the path without it, which is all a server ever sees.
#[tokio::test]
async fn a_path_fragment_is_not_sent() {
    use sdk_tests::path_fragment::{AddSharedLinkFields, AddSharedLinkParams, Client};
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path("/files/7"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(server.uri())
        .build()
        .expect("client builds");
    client
        .add_shared_link(AddSharedLinkParams::new(
            "7",
            AddSharedLinkFields::SharedLink,
        ))
        .await
        .expect("sent to /files/7");
    let requests = server.received_requests().await.expect("recording is on");
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].url.path(), "/files/7");
    assert_eq!(requests[0].url.query(), Some("fields=shared_link"));
}

/// An `Accept` header parameter (the `vendor_shapes` fixture, as Lichess declares one to
/// pick PGN or NDJSON): its default is the `Accept` sent unless the caller picks a value,
/// when the response declares that media type (else the body's own, JSON here).
#[tokio::test]
async fn a_declared_accept_parameter_sets_the_accept_header() {
    use sdk_tests::vendor_shapes::{Client, CurrentGameParams, ExportGameAccept, ExportGameParams};
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/games/g1/export"))
        .respond_with(ResponseTemplate::new(200).set_body_string("1. e4 e5"))
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(server.uri())
        .api_key("k")
        .build()
        .expect("client builds");
    let pgn = client
        .files()
        .export_game(ExportGameParams::new("g1"))
        .await
        .expect("exported");
    assert_eq!(pgn, b"1. e4 e5");
    client
        .files()
        .export_game(ExportGameParams::new("g1").accept(ExportGameAccept::ApplicationXNdjson))
        .await
        .expect("exported");
    Mock::given(method("GET"))
        .and(path("/games/g1/current"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"moves": "e4"})))
        .mount(&server)
        .await;
    let game = client
        .files()
        .current_game(CurrentGameParams::new("g1"))
        .await
        .expect("decoded");
    assert_eq!(game.moves.as_deref(), Some("e4"));
    let requests = server.received_requests().await.expect("recording is on");
    let accepts: Vec<Vec<&str>> = requests
        .iter()
        .map(|request| {
            request
                .headers
                .get_all("accept")
                .iter()
                .map(|value| value.to_str().expect("ASCII"))
                .collect()
        })
        .collect();
    assert_eq!(
        accepts,
        [
            vec!["application/x-chess-pgn"],
            vec!["application/x-ndjson"],
            vec!["application/json"]
        ]
    );
}

/// A JSON response declared under a vendor media type (`application/vnd.lichess.v3+json`, the
/// `vendor_shapes` fixture) is asked for by that type, which such a server may insist on.
#[tokio::test]
async fn a_vendor_json_media_type_is_the_accept_sent() {
    use sdk_tests::vendor_shapes::Client;
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/games/top"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"ids": ["a"]})))
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(server.uri())
        .api_key("k")
        .build()
        .expect("client builds");
    let top = client.files().top_games().await.expect("decoded");
    assert_eq!(top.ids, Some(vec!["a".to_string()]));
    let requests = server.received_requests().await.expect("recording is on");
    assert_eq!(
        requests[0].headers["accept"],
        "application/vnd.lichess.v3+json"
    );
}
