"""Open data: the API's records as bulk downloads, and the catalogue entry that lets a national
open-data portal (data.gov.dk, data.europa.eu) list them.

* ``/api/data/meetings.jsonl``: every meeting the public may see, with its open items, their
  decisions and public attachments, one ``Meeting`` record (``innovation.api``) a line;
* ``/api/data/ideas.jsonl``: the idea catalogue, one ``Idea`` record a line;
* ``/api/data/catalog.jsonld``: a DCAT-AP 2 catalogue (JSON-LD) of both datasets and the API,
  published by the municipality (``SAMSKAB_MUNICIPALITY``), under CC BY 4.0.

The downloads read as the public (``innovation.api.PUBLIC``) whoever asks, stream a line per
record and read the rows ``CHUNK_SIZE`` at a time through a server-side cursor (with each
chunk's prefetches): memory stays bounded whatever the number of rows, and the queries grow
with the number of chunks, not of rows. Each line carries its ``license``.
"""

import itertools
import json

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.http import JsonResponse, StreamingHttpResponse
from ninja import Router

from innovation import api as public_api
from innovation.api import LICENSE, absolute, without_empty

CHUNK_SIZE = 500
"""Rows fetched per round trip (with their prefetches) while a download streams, and written
to the client at once; a fifth of that for meetings, which come with ten items each."""
MEDIA_TYPE = "application/jsonl"

router = Router(tags=["open data"])

EU = "http://publications.europa.eu/resource/authority/"
CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
}


def _jsonl(name):
    """The OpenAPI description of a download: one ``name`` object a line."""
    schema = {"$ref": f"#/components/schemas/{name}"}
    return {
        "responses": {
            200: {
                "description": f"One {name} a line (JSON Lines)",
                "content": {MEDIA_TYPE: {"schema": schema}},
            }
        }
    }


def _streamed(rows, record, request, chunk_size):
    """One JSON object a line, written to the client a chunk of rows at a time."""

    def lines():
        for chunk in itertools.batched(rows.iterator(chunk_size=chunk_size), chunk_size):
            yield "".join(
                json.dumps(
                    without_empty(record(request, row)),
                    cls=DjangoJSONEncoder,
                    ensure_ascii=False,
                )
                + "\n"
                for row in chunk
            )

    return StreamingHttpResponse(lines(), content_type=MEDIA_TYPE)


@router.get(
    "/meetings.jsonl",
    url_name="data_meetings",
    summary="Every public meeting with its open items, one JSON object a line",
    openapi_extra=_jsonl("MeetingOut"),
)
def meetings_jsonl(request):
    return _streamed(
        public_api.meetings(), public_api.meeting_record, request, max(1, CHUNK_SIZE // 5)
    )


@router.get(
    "/ideas.jsonl",
    url_name="data_ideas",
    summary="The idea catalogue, one JSON object a line",
    openapi_extra=_jsonl("IdeaOut"),
)
def ideas_jsonl(request):
    return _streamed(public_api.ideas(), public_api.idea_record, request, CHUNK_SIZE)


def _ref(url):
    return {"@id": url}


def _text(value):
    return {"@value": value, "@language": "da"}


def _publisher(request):
    return {
        "@id": absolute(request, "api:body"),
        "@type": "foaf:Agent",
        "foaf:name": settings.MUNICIPALITY_NAME,
        "dct:type": _ref("http://purl.org/adms/publishertype/LocalAuthority"),
    }


def _dataset(request, key, *, title, description, keywords, landing, download, api_list):
    url = absolute(request, "api:data_catalog") + f"#{key}"
    return {
        "@id": url,
        "@type": "dcat:Dataset",
        "dct:identifier": url,
        "dct:title": _text(title),
        "dct:description": _text(description),
        "dct:publisher": _publisher(request),
        "dcat:contactPoint": {
            "@type": "vcard:Organization",
            "vcard:fn": settings.MUNICIPALITY_NAME,
            "vcard:hasURL": _ref(absolute(request, "home")),
        },
        "dcat:keyword": [_text(word) for word in keywords],
        "dct:language": _ref(EU + "language/DAN"),
        "dct:accessRights": _ref(EU + "access-right/PUBLIC"),
        "dcat:landingPage": _ref(landing),
        "dct:license": _ref(LICENSE),
        "dcat:distribution": [
            {
                "@id": download,
                "@type": "dcat:Distribution",
                "dct:title": _text(f"{title} (JSON Lines)"),
                "dcat:accessURL": _ref(download),
                "dcat:downloadURL": _ref(download),
                "dct:format": _ref(EU + "file-type/JSON"),
                "dcat:mediaType": "application/jsonl",
                "dct:license": _ref(LICENSE),
            },
            {
                "@id": api_list,
                "@type": "dcat:Distribution",
                "dct:title": _text(f"{title} (API)"),
                "dcat:accessURL": _ref(api_list),
                "dct:format": _ref(EU + "file-type/JSON"),
                "dcat:accessService": _ref(absolute(request, "api:system")),
                "dct:license": _ref(LICENSE),
            },
        ],
    }


@router.get(
    "/catalog.jsonld",
    url_name="data_catalog",
    openapi_extra={
        "responses": {
            200: {
                "description": "A dcat:Catalog in JSON-LD",
                "content": {"application/ld+json": {"schema": {"type": "object"}}},
            }
        }
    },
    summary="DCAT-AP catalogue entry of the open data (JSON-LD)",
)
def catalog(request):
    datasets = [
        _dataset(
            request,
            "meetings",
            title="Møder og dagsordener",
            description=(
                "Udvalgenes møder, som offentligheden må se dem: de åbne dagsordenspunkter med "
                "sagsfremstilling, indstilling og beslutning, og de offentlige bilag."
            ),
            keywords=["opgaveudvalg", "dagsorden", "referat", "beslutning", "OParl"],
            landing=absolute(request, "meetings:index"),
            download=absolute(request, "api:data_meetings"),
            api_list=absolute(request, "api:meetings"),
        ),
        _dataset(
            request,
            "ideas",
            title="Idékatalog for samskabelse",
            description=(
                "De offentliggjorte idéer til samskabelse mellem kommunen, borgere, foreninger "
                "og virksomheder, med velfærdsområde, aktører og støtte."
            ),
            keywords=["samskabelse", "idékatalog", "innovation", "velfærd"],
            landing=absolute(request, "catalogue:index"),
            download=absolute(request, "api:data_ideas"),
            api_list=absolute(request, "api:ideas"),
        ),
    ]
    document = {
        "@context": CONTEXT,
        "@id": absolute(request, "api:data_catalog"),
        "@type": "dcat:Catalog",
        "dct:title": _text(f"Samskab – {settings.MUNICIPALITY_NAME}"),
        "dct:description": _text(
            "Åbne data fra kommunens opgaveudvalg: møder, dagsordener og beslutninger, "
            "idékataloget og innovationsprojekterne."
        ),
        "dct:publisher": _publisher(request),
        "dct:language": _ref(EU + "language/DAN"),
        "dct:license": _ref(LICENSE),
        "foaf:homepage": _ref(absolute(request, "home")),
        "dcat:dataset": datasets,
        "dcat:service": [
            {
                "@id": absolute(request, "api:system"),
                "@type": "dcat:DataService",
                "dct:title": _text("Samskab API (OParl 1.1)"),
                "dcat:endpointURL": _ref(absolute(request, "api:system")),
                "dcat:endpointDescription": _ref(absolute(request, "api:openapi-json")),
                "dcat:servesDataset": [_ref(dataset["@id"]) for dataset in datasets],
                "dcat:landingPage": _ref(absolute(request, "api_docs")),
                "dct:license": _ref(LICENSE),
            }
        ],
    }
    return JsonResponse(
        document, content_type="application/ld+json", json_dumps_params={"ensure_ascii": False}
    )


# Mounted on the API here, once, when this module is first imported (the URLconf imports it;
# reloading the URLconf must not mount it again).
public_api.api.add_router("/data", router)
