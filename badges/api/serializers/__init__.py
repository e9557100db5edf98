"""Input and output serializers of the API, with Badgr's v2 field names, one module per area.

Output serializers render models; input serializers only check shape and types and hand
plain values to the services, which hold the rules.
"""
