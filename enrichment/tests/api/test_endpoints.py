import io


def test_predictive_has_the_spec_shape(customer):
    body = customer.client.get("/v1/enrichment/predictive").json()
    assert set(body) == {"patterns_detected", "predictions", "performance", "background_queue"}
    assert set(body["patterns_detected"]) == {"company_batches", "sequential_patterns", "domain_patterns"}
    assert set(body["predictions"]) == {"total_generated", "pre_enriched", "success_rate"}
    assert set(body["performance"]) == {"avg_prediction_accuracy", "zero_latency_requests", "throughput_increase"}
    assert set(body["background_queue"]) == {"pending", "processing", "completed"}


def test_endpoints_need_authentication(client, db):
    assert client.get("/v1/cache/stats").status_code in (401, 403)


def test_dataset_upload_and_waterfall_api(customer):
    client = customer.client
    assert client.get("/v1/enrichment/dataset").json()["source"] == "demo"
    handle = io.BytesIO(b"domain,name,industry,size\nacme.test,Acme,Software,10\n")
    handle.name = "companies.csv"
    created = client.post("/v1/enrichment/dataset", {"file": handle}, format="multipart")
    assert created.status_code == 201 and created.json()["rows"] == 1
    bad = io.BytesIO(b"x,y\n1,2\n")
    bad.name = "bad.csv"
    refused = client.post("/v1/enrichment/dataset", {"file": bad}, format="multipart")
    assert refused.status_code == 400 and refused.json()["code"] == "dataset_invalid"

    assert client.get("/v1/enrichment/waterfall").json()["configured"] == ["company_dataset"]
    updated = client.put("/v1/enrichment/waterfall", {"waterfall": ["hunter", "company_dataset"]}, format="json")
    assert updated.json() == {"waterfall": ["hunter", "company_dataset"], "configured": ["company_dataset"]}
    assert client.put("/v1/enrichment/waterfall", {"waterfall": ["nope"]}, format="json").status_code == 400


def test_enrichment_page_renders_and_accepts_a_dataset(customer, client):
    client.force_login(customer.user)
    page = client.get("/enrichment/")
    assert page.status_code == 200 and b"Provider waterfall" in page.content
    handle = io.BytesIO(b"domain,name\nacme.test,Acme\n")
    handle.name = "c.csv"
    response = client.post("/enrichment/", {"file": handle})
    assert response.status_code == 302
    assert b"c.csv: 1 companies" in client.get("/enrichment/").content
